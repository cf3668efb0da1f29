"""`flask user create`: the way to make the first administrator on a new server."""

import click
from flask.cli import AppGroup

from elearn.accounts.models import Role
from elearn.accounts.services import (
    AccountError,
    NewAccount,
    create_user,
    get_or_create_unit,
    regency_by_name,
)
from elearn.core.extensions import db
from elearn.core.transaction import unit_of_work

user_cli = AppGroup("user", help="Manage accounts.")


@user_cli.command("create")
@click.option("--nip", required=True, help="18-digit NIP.")
@click.option("--email", required=True)
@click.option("--name", "full_name", required=True, help="Full name.")
@click.option("--unit", required=True, help="Unit kerja / OPD name (created if new).")
@click.option("--regency", required=True, help="Kabupaten/kota, e.g. 'Kota Bandar Lampung'.")
@click.option("--position", required=True, help="Jabatan.")
@click.option("--grade", default=None, help="Golongan, e.g. III/a.")
@click.option("--role", "roles", multiple=True, default=["learner"], show_default=True,
              type=click.Choice([r.value for r in Role]))
@click.password_option(envvar="ELEARN_NEW_USER_PASSWORD")
def create_command(nip, email, full_name, unit, regency, position, grade, roles, password):
    """Create an account; the password is asked for unless ELEARN_NEW_USER_PASSWORD is set."""
    regency_row = regency_by_name(db.session, regency)
    if regency_row is None:
        raise click.BadParameter(f"unknown regency {regency!r}", param_hint="--regency")
    account = NewAccount(
        nip=nip, email=email, full_name=full_name, password=password,
        unit_id=get_or_create_unit(db.session, unit).id, regency_id=regency_row.id,
        position=position, grade=grade, roles={Role(r) for r in roles},
    )
    try:
        with unit_of_work(db.session):
            user = create_user(db.session, account)
    except AccountError as error:
        raise click.ClickException(
            "; ".join(f"{field}: {message}" for field, message in error.problems.items())
        ) from None
    click.echo(f"Created {user.full_name} <{user.email}> with roles {', '.join(sorted(roles))}.")
