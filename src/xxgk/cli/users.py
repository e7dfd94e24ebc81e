"""`xxgk user`: the web application's accounts."""

from __future__ import annotations

import typer
from rich.table import Table

from .console import DB, out, sessions

app = typer.Typer(no_args_is_help=True, help="网页账号。")


def _password(given: str | None) -> str:
    if given:
        return given
    return typer.prompt("密码（至少 8 位）", hide_input=True, confirmation_prompt="再输入一次")


@app.command("add")
def user_add(
    username: str = typer.Argument(..., help="用户名"),
    role: str = typer.Option(..., "--role", help="officer（经办人）、supervisor（监督人员）或 admin（管理员）"),
    name: str = typer.Option("", "--name", help="姓名（办理记录中显示）"),
    body: str = typer.Option(None, "--body", help="经办人所属机关的名称"),
    region: str = typer.Option(None, "--region", help="监督人员所辖地区：名称或行政区划代码，如 示例市、3208"),
    password: str = typer.Option(None, "--password", help="密码；不给则提示输入"),
    db: str = DB,
) -> None:
    """添加网页用户。"""
    from ..register.service import body_by_name
    from ..store.accounts import add_user

    with sessions(db)() as s:
        b = body_by_name(s, body) if body else None
        u = add_user(s, username, _password(password), role, name=name, body=b, region=region)
        out.print(f"已添加用户 {u.username}（{role}）")


@app.command("list")
def user_list(db: str = DB) -> None:
    """列出网页用户。"""
    from ..store.accounts import ROLES, users

    with sessions(db)() as s:
        t = Table("用户名", "姓名", "角色", "机关 / 地区", "状态")
        for u, body in users(s):
            t.add_row(u.username, u.name, ROLES[u.role], body or u.region or "", "正常" if u.active else "停用")
        out.print(t)


@app.command("passwd")
def user_passwd(
    username: str = typer.Argument(..., help="用户名"),
    password: str = typer.Option(None, "--password", help="新密码；不给则提示输入"),
    db: str = DB,
) -> None:
    """重设密码（该用户的其他登录随之失效）。"""
    from ..store.accounts import set_password, user_named

    with sessions(db)() as s:
        set_password(s, user_named(s, username), _password(password))
        out.print(f"已重设 {username} 的密码")
