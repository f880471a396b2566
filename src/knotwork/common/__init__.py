"""Small Django-side pieces that several apps share, importable by every app.

Not an app (nothing here has models, templates or URLs) and it imports no app of Knotwork (only
type hints name them), so any app may use it without an upward import: `errors` is the one refusal
type (`Refusal`, `Conflict`, `add_to_form()`) and the API's one error shape (`ErrorOut`,
`responses()`), `charts` the server-side SVG line
charts, `requests` the request types views declare (`AuthenticatedRequest`, `KnotworkRequest`),
`text` the one rule for text in requests (no control characters), `schemas` the API's input
schema base that applies it to one-line fields, `spreadsheets` a CSV writer whose cells never
run as formulas (use it for every CSV download).
"""
