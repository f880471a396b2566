"""Page views of the accounts app, one module per concept: login (and its second step),
invitations and login codes, password reset and change, two-factor authentication, the
account page (sessions, API tokens) and the clinic's security page."""
