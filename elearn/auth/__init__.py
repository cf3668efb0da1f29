"""Sign-in and sign-out, sign-ins kept on the server, the sign-in throttle, and changing one's password."""
