"""The body map: front and back figures whose shapes are the atlas regions.

- `geometry`: the shapes as data (`shapes(view)`, `area(region_id)`, `total_area()`), read from
  `geometry.json`, which `tools/bodymap/build_geometry.py` writes (see `tools/README.md`).
- `render`: server-side SVG (`render_svg`, `Overlay`) and the widget's figures (`interactive_svg`).
- `layout`, `palette`, `textfit`: where the figures go, their colours, and label wrapping.

The drawing widget's HTML is the painmaps app's (`knotwork.painmaps.presenters.widget_html`).
"""
