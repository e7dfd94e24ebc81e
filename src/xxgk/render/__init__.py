"""Renderers: record → what people read (terminal today; DOCX, HTML, Markdown, XLSX, PDF)."""
