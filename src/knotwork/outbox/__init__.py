"""The durable outbox: every notification mail is a row written with its event, sent later."""
