"""The web application: the REST API now, the pages with issue 7."""
