"""Development aids: `flask demo` and the volume generator behind `flask demo --scale` and bench/.
Outside the product: create_app registers them only when not in production, and imports them only
then, so a production app never loads this package."""
