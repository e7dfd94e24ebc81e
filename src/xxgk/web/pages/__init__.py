"""The web pages: 年报体检 (check a report), 数据看板 and the library (the corpus), 依申请台账
(the register), 在线申请 and 进度查询 (the applicant's pages), 管理 (users, calendar, letters,
mail), and logging in and out — a module each.

Pages are server-rendered (Jinja2) and work without scripts; the dashboard's charts are
ECharts, served from our own static files. Every form that changes something carries
the CSRF token of its page. Endpoints are plain functions: FastAPI runs them in its
thread pool, so reading an uploaded PDF or waiting for a lock holds up no other request.
A form's fields are read on the event loop (`common.posted`), where the body arrives;
what is done with them runs in the endpoint's one thread (the rule is deps.Route's).
A new page is a function in the module of its area, or a new module listed here.
"""

from . import account, check, library, public, register

ROUTERS = (account.router, check.router, library.router, register.router, public.router)
