"""Live pressure feedback: the patient's phone and the therapist's screen over WebSockets.

The only app that touches Channels. The rules (parsing, sequencing, windows, traces) live in
`knotwork.domain.live`; this app joins them to sockets, the database and pages.
"""
