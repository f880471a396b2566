"""The body map: front and back figures whose shapes are the atlas regions.

- `geometry`: the shapes as data (`shapes(view)`, `area(region_id)`, `total_area()`).
- `render`: server-side SVG (`render_svg`, `Overlay`) and the widget's figures (`interactive_svg`).
- `widget`: the HTML a page outputs for the drawing widget (`widget_html`).
- `figure` and `build_geometry`: the hand-drawn half figures and the script writing geometry.json.
"""
