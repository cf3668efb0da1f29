"""People and the organisation they belong to: accounts, roles, units (OPD) and regencies."""

import enum
from datetime import datetime

from flask_login import UserMixin
from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from elearn.core.extensions import UtcDateTime, db, utcnow


class Role(enum.StrEnum):
    LEARNER = "learner"
    INSTRUCTOR = "instructor"
    MENTOR = "mentor"
    ADMIN = "admin"


class Regency(db.Model):
    """One of Lampung's 15 kabupaten/kota; reference data inserted by a migration."""

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(5), unique=True)
    name: Mapped[str] = mapped_column(String(100), unique=True)


class Unit(db.Model):
    """A unit kerja / OPD (organisasi perangkat daerah) that employs ASN."""

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)


class UserRole(db.Model):
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), primary_key=True)
    role: Mapped[Role] = mapped_column(
        Enum(Role, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e]),
        primary_key=True,
    )


class User(UserMixin, db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    nip: Mapped[str] = mapped_column(String(18), unique=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    full_name: Mapped[str] = mapped_column(String(200))
    password_hash: Mapped[str] = mapped_column(String(255))
    unit_id: Mapped[int] = mapped_column(ForeignKey("unit.id"), index=True)
    regency_id: Mapped[int] = mapped_column(ForeignKey("regency.id"), index=True)
    position: Mapped[str] = mapped_column(String(200))
    grade: Mapped[str | None] = mapped_column(String(10))
    # The jabatan profile whose required competency levels apply, matched from `position`.
    job_profile_id: Mapped[int | None] = mapped_column(ForeignKey("job_profile.id"), index=True)
    active: Mapped[bool] = mapped_column(default=True)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime, default=utcnow)
    last_login_at: Mapped[datetime | None] = mapped_column(UtcDateTime)

    # Loaded where a page shows them (joinedload), not on every request's user load.
    unit: Mapped[Unit] = relationship(lazy="raise")
    regency: Mapped[Regency] = relationship(lazy="raise")
    role_rows: Mapped[list[UserRole]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=UserRole.role
    )

    @property
    def roles(self) -> set[Role]:
        return {row.role for row in self.role_rows}

    def has_role(self, *roles: Role) -> bool:
        return not self.roles.isdisjoint(roles)

    @property
    def is_active(self) -> bool:
        return self.active

    # The key of the sign-in this request belongs to (auth.sessions), not a column: it goes into the
    # login and remember-me cookies, so ending that sign-in on the server ends both.
    sign_in_key = None

    def get_id(self) -> str:
        return f"{self.id}:{self.sign_in_key}"


class SignInSession(db.Model):
    """One sign-in on one device, live until signed out, ended by a password change or an admin, or
    past the session lifetime. Only a hash of its key is stored: the key itself is in the cookie."""

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id", ondelete="CASCADE"), index=True)
    key_hash: Mapped[str] = mapped_column(String(64), unique=True)
    remember: Mapped[bool]
    user_agent: Mapped[str] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime)
