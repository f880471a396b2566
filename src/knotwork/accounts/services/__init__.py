"""Writers of the accounts app: second factors, sessions, API tokens."""
