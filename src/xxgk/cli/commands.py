"""The `xxgk` command as one Typer app: its commands gathered from the modules beside
this one by area, and the one place an error becomes a message and an exit code.

Commands import the database, web and reading layers inside their bodies, so `xxgk --help`
and a command that needs none of them start without loading them."""

from __future__ import annotations

from typing import Any

import typer
from typer.core import TyperGroup

from . import corpus, ledger, register, reports, tools, users
from .files import failed


class Commands(TyperGroup):
    """Every command runs inside this handler: an XxgkError is said in Chinese with the
    exit code it carries (errors.py); a fault of ours is said, never shown as a traceback."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except (typer.Exit, typer.Abort, typer.TyperException):  # usage errors and exits: Typer says them
            raise
        except Exception as e:
            raise typer.Exit(failed(e)) from None


app = typer.Typer(
    cls=Commands,
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    help="政府信息公开工作年度报告：读取、核验、生成。",
)
for module in (reports, tools, corpus):
    module.install(app)
app.add_typer(register.app, name="register", short_help="依申请公开台账：登记、办理、期限、复议诉讼、导入导出。")
app.command(short_help="由台账生成年度报告（表三、表四由登记的申请统计）。")(ledger.report)
app.add_typer(users.app, name="user", short_help="网页账号：添加用户、列出用户、重设密码。")
