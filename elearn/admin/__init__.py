"""The agency's back office: accounts and units. Every view here is for admins only."""

from elearn.admin import views  # noqa: F401  (registered by create_app)
