/*
 * Body-map drawing widget: enhances the HTML of knotwork.painmaps.presenters.widget_html().
 *
 * Plain JavaScript, no framework. Every element with [data-bodymap] becomes a widget when the
 * page loads (and when htmx swaps one in). The widget keeps the marks in the hidden input
 * [data-marks-input] as a JSON array: [{"region": "...", "intensity": 0-10, "quality": ...}].
 *
 * Pointer: tap or click a region to mark it with the brush intensity and open the picker
 * (intensity 0-10, quality, remove); tap a marked region to change or clear it; press and drag
 * across regions to paint them all with the brush intensity (one undo step).
 * Keyboard: Tab moves through the regions on screen (head to feet, the patient's left first;
 * with a zoom, only the regions of the part shown); Enter or Space marks and opens the picker;
 * ArrowUp/ArrowDown change the intensity (on the region and in the picker); Delete or
 * Backspace clears; Escape closes the picker.
 * Zoom: a close-up keeps "Left" and "Right" at its edges. On a touch screen, a tap on a face or
 * neck region too small to aim at (under 24 px, WCAG 2.5.8) zooms in on the head first.
 * Narrow screens: a "Front | Back | Both" switch shows one figure at a time, so each figure uses
 * the whole width; the picker is a compact sheet along the bottom, and the page scrolls the
 * tapped region into the space above it.
 * The lines of the eyes, nose, lips and ears are landmarks to aim by: not regions, never
 * focusable, and the pointer passes through them.
 */
(function () {
  "use strict";

  // The qualities and the top of the intensity scale come from the server (widget_html's
  // <script type="application/json" id="...-vocabulary">), read when a widget starts.
  var QUALITIES = [];
  var MAX = 0;
  var SVG_NS = "http://www.w3.org/2000/svg";
  // The same breakpoint as the phone rules in bodymap.css.
  var NARROW = "(max-width: 40rem)";
  var VIEWS = [["front", "Front"], ["back", "Back"], ["both", "Both"]];
  // The smallest target a finger can aim at (WCAG 2.5.8), in CSS pixels.
  var SMALL_TARGET_PX = 24;
  var HEAD_ZOOM_SAY =
    "Zoomed in on the head and neck: tap where it hurts. Choose \u201cWhole body\u201d under Zoom to go back.";

  function clamp(value) {
    return Math.max(0, Math.min(MAX, value));
  }

  function describe(label, mark) {
    if (!mark) return label;
    var text = label + ": pain " + mark.intensity + " of 10";
    return mark.quality ? text + ", " + mark.quality : text;
  }

  function readVocabulary(root) {
    var element = document.getElementById(root.id + "-vocabulary");
    var vocabulary = JSON.parse(element.textContent);
    QUALITIES = vocabulary.qualities;
    MAX = vocabulary.max_intensity;
  }

  function BodyMap(root) {
    readVocabulary(root);
    this.root = root;
    this.svg = root.querySelector(".bodymap-svg");
    this.input = root.querySelector("[data-marks-input]");
    this.caption = root.querySelector("[data-caption]");
    this.brushInput = root.querySelector("[data-brush]");
    this.brushOutput = root.querySelector("[data-brush-value]");
    this.zoomSelect = root.querySelector("[data-zoom-select]");
    this.defaultCaption = this.caption ? this.caption.textContent : "";
    this.brush = this.brushInput ? Number(this.brushInput.value) : 5;
    this.marks = new Map();
    this.history = [];
    this.lastAction = null;
    this.stroke = null;
    this.pointers = new Set();
    this.pickerRegion = null;
    this.view = "both";
    this.fullViewBox = this.svg.getAttribute("data-full-view-box") || this.svg.getAttribute("viewBox");
    this.figureBoxes = {};
    this.shapeBoxes = new Map();
    this.presets = [];
    try { this.presets = JSON.parse(this.svg.getAttribute("data-zoom") || "[]"); } catch (error) { this.presets = []; }
    // Chromium puts the <svg> itself in the tab order (it clips its content, so it counts as a
    // scroller); the regions inside are the stops that matter, so the next Tab reaches the head.
    this.svg.setAttribute("tabindex", "-1");

    // Region id -> its shapes (two for the hands, which are on both figures) and label.
    this.shapes = new Map();
    this.labels = new Map();
    this.order = [];
    var self = this;
    root.querySelectorAll(".bodymap-region[data-region]").forEach(function (shape) {
      var id = shape.getAttribute("data-region");
      if (!self.shapes.has(id)) {
        self.shapes.set(id, []);
        self.order.push(id);
        self.labels.set(id, shape.getAttribute("aria-label"));
      }
      self.shapes.get(id).push(shape);
    });
    this.innerRows = new Map();
    root.querySelectorAll("[data-inner-region]").forEach(function (row) {
      var id = row.getAttribute("data-inner-region");
      self.innerRows.set(id, {
        check: row.querySelector("[data-inner-check]"),
        intensity: row.querySelector("[data-inner-intensity]"),
        quality: row.querySelector("[data-inner-quality]"),
      });
      self.order.push(id);
      var label = row.querySelector("label");
      self.labels.set(id, label ? label.textContent : id);
    });

    this.load(this.parse(this.input ? this.input.value : "[]"));
    this.buildPicker();
    this.buildViewSwitch();
    this.bind();
    this.render();
  }

  BodyMap.prototype.parse = function (text) {
    if (!text) return [];
    try {
      var data = JSON.parse(text);
      var list = Array.isArray(data) ? data : (data && data.marks) || [];
      return list.filter(function (m) {
        return m && typeof m.region === "string" && Number.isInteger(m.intensity);
      });
    } catch (error) {
      return [];
    }
  };

  BodyMap.prototype.load = function (list) {
    this.marks = new Map();
    for (var i = 0; i < list.length; i++) {
      var m = list[i];
      if (this.labels.has(m.region)) {
        this.marks.set(m.region, { intensity: clamp(m.intensity), quality: m.quality || null });
      }
    }
  };

  BodyMap.prototype.serialize = function () {
    var self = this;
    return this.order
      .filter(function (id) { return self.marks.has(id); })
      .map(function (id) {
        var m = self.marks.get(id);
        return { region: id, intensity: m.intensity, quality: m.quality || null };
      });
  };

  // Save the state before a change, so Undo can return to it. Repeated arrow presses on one
  // region count as one change.
  BodyMap.prototype.remember = function (action) {
    if (action && action === this.lastAction) return;
    this.lastAction = action || null;
    this.history.push(JSON.stringify(this.serialize()));
    if (this.history.length > 200) this.history.shift();
  };

  BodyMap.prototype.setMark = function (id, intensity, quality) {
    this.marks.set(id, { intensity: clamp(intensity), quality: quality || null });
  };

  BodyMap.prototype.render = function () {
    var self = this;
    this.shapes.forEach(function (shapes, id) {
      var mark = self.marks.get(id);
      shapes.forEach(function (shape) {
        if (mark) {
          shape.setAttribute("data-intensity", String(mark.intensity));
        } else {
          shape.removeAttribute("data-intensity");
        }
        shape.setAttribute("aria-pressed", mark ? "true" : "false");
        shape.setAttribute("aria-label", describe(self.labels.get(id), mark));
      });
    });
    this.innerRows.forEach(function (row, id) {
      var mark = self.marks.get(id);
      row.check.checked = Boolean(mark);
      if (mark) {
        row.intensity.value = String(mark.intensity);
        row.quality.value = mark.quality || "";
      }
    });
    var value = JSON.stringify(this.serialize());
    var changed = this.input && this.input.value !== value;
    if (this.input) this.input.value = value;
    var undo = this.root.querySelector('[data-action="undo"]');
    if (undo) undo.disabled = this.history.length === 0;
    if (this.pickerRegion) this.syncPicker();
    this.countViews();
    if (changed) {
      this.input.dispatchEvent(new Event("change", { bubbles: true }));
      this.root.dispatchEvent(
        new CustomEvent("bodymap:change", { bubbles: true, detail: { marks: this.serialize() } })
      );
    }
  };

  BodyMap.prototype.say = function (text) {
    if (this.caption) this.caption.textContent = text || this.defaultCaption;
  };

  BodyMap.prototype.sayRegion = function (id) {
    this.say(describe(this.labels.get(id), this.marks.get(id)));
  };

  BodyMap.prototype.setBrush = function (value) {
    this.brush = clamp(value);
    if (this.brushInput) this.brushInput.value = String(this.brush);
    if (this.brushOutput) this.brushOutput.textContent = String(this.brush);
  };

  // An outline copy drawn last in the shape's figure, so it is never hidden by neighbours.
  BodyMap.prototype.outline = function (kind, shape) {
    this.svg.querySelectorAll(".bodymap-" + kind).forEach(function (old) { old.remove(); });
    if (!shape) return;
    var copy = document.createElementNS(SVG_NS, "path");
    copy.setAttribute("class", "bodymap-" + kind);
    copy.setAttribute("d", shape.getAttribute("d"));
    copy.setAttribute("aria-hidden", "true");
    shape.parentNode.appendChild(copy);
  };

  BodyMap.prototype.regionAt = function (x, y) {
    var hit = document.elementFromPoint(x, y);
    var shape = hit && hit.closest ? hit.closest(".bodymap-region") : null;
    return shape && this.root.contains(shape) ? shape : null;
  };

  // A close-up of the head when a finger taps a face or neck region too small to aim at on the
  // whole figure; the next tap, on the larger region, marks it. True when it zoomed.
  BodyMap.prototype.zoomToAim = function (shape) {
    if (!this.zoomSelect || this.zoomSelect.value !== "whole") return false;
    var r = shape.getBoundingClientRect();
    if (Math.min(r.width, r.height) >= SMALL_TARGET_PX) return false;
    var preset = this.presetFor(shape.getAttribute("data-view") + "-head");
    var b = this.shapeBoxes.get(shape);
    if (!preset || !b) return false;
    var n = preset.viewBox.split(/[\s,]+/).map(Number);
    if (b.x < n[0] || b.y < n[1] || b.x + b.w > n[0] + n[2] || b.y + b.h > n[1] + n[3]) return false;
    this.zoomSelect.value = preset.id;
    this.showBox(preset.viewBox, true);
    this.say(HEAD_ZOOM_SAY);
    return true;
  };

  BodyMap.prototype.presetFor = function (id) {
    return this.presets.find(function (p) { return p.id === id; }) || null;
  };

  BodyMap.prototype.tap = function (id, shape) {
    if (!this.marks.has(id)) {
      this.remember();
      this.setMark(id, this.brush, null);
      this.render();
    }
    this.sayRegion(id);
    this.openPicker(id, shape);
  };

  // One arrow press: an unmarked region gets the brush intensity, a marked one moves by one.
  BodyMap.prototype.step = function (id, step) {
    var mark = this.marks.get(id);
    if (!mark && step < 0) return;
    this.remember("arrow:" + id);
    this.setMark(id, mark ? mark.intensity + step : this.brush, mark ? mark.quality : null);
    this.setBrush(this.marks.get(id).intensity);
    this.render();
    this.sayRegion(id);
  };

  BodyMap.prototype.bind = function () {
    var self = this;
    var svg = this.svg;

    svg.addEventListener("pointerdown", function (event) {
      self.pointers.add(event.pointerId);
      // A second finger means a pinch-zoom, not painting.
      if (self.pointers.size > 1) {
        self.stroke = null;
        return;
      }
      if (event.button !== undefined && event.button > 0) return;
      var shape = event.target.closest(".bodymap-region");
      if (!shape) return;
      self.stroke = {
        id: event.pointerId,
        start: shape.getAttribute("data-region"),
        shape: shape,
        last: shape.getAttribute("data-region"),
        moved: false,
      };
      if (svg.setPointerCapture) {
        try { svg.setPointerCapture(event.pointerId); } catch (error) { /* not capturable */ }
      }
    });

    svg.addEventListener("pointermove", function (event) {
      var shape = self.regionAt(event.clientX, event.clientY);
      if (event.pointerType === "mouse") self.outline("hover", shape);
      if (shape) self.sayRegion(shape.getAttribute("data-region"));
      var stroke = self.stroke;
      if (!stroke || stroke.id !== event.pointerId || !shape) return;
      var id = shape.getAttribute("data-region");
      if (id === stroke.last) return;
      if (!stroke.moved) {
        stroke.moved = true;
        self.closePicker(false);
        self.remember();
        self.setMark(stroke.start, self.brush, self.marks.has(stroke.start) ? self.marks.get(stroke.start).quality : null);
      }
      var old = self.marks.get(id);
      self.setMark(id, self.brush, old ? old.quality : null);
      stroke.last = id;
      self.render();
    });

    function endStroke(event) {
      self.pointers.delete(event.pointerId);
      var stroke = self.stroke;
      if (!stroke || stroke.id !== event.pointerId) return;
      self.stroke = null;
      if (event.type !== "pointerup" || stroke.moved) return;
      if (event.pointerType !== "mouse" && self.zoomToAim(stroke.shape)) return;
      self.tap(stroke.start, stroke.shape);
    }
    svg.addEventListener("pointerup", endStroke);
    svg.addEventListener("pointercancel", endStroke);
    // The pointer events above do all the work. Without this, the browser's own click after a
    // tap would land wherever the finger was once the picker had opened and the page had
    // scrolled, i.e. on a button of the sheet (a "ghost click" choosing an intensity or quality).
    svg.addEventListener(
      "touchend",
      function (event) {
        if (event.cancelable) event.preventDefault();
      },
      { passive: false }
    );
    svg.addEventListener("pointerleave", function (event) {
      if (event.pointerType === "mouse") {
        self.outline("hover", null);
        var focused = document.activeElement;
        if (focused && focused.closest && focused.closest(".bodymap-region") && self.root.contains(focused)) {
          self.sayRegion(focused.getAttribute("data-region"));
        } else {
          self.say("");
        }
      }
    });

    svg.addEventListener("focusin", function (event) {
      var shape = event.target.closest(".bodymap-region");
      if (!shape) return;
      self.outline("focus-ring", shape);
      self.sayRegion(shape.getAttribute("data-region"));
    });
    svg.addEventListener("focusout", function () { self.outline("focus-ring", null); });

    svg.addEventListener("keydown", function (event) {
      var shape = event.target.closest(".bodymap-region");
      // A region out of sight never takes a mark, whatever has focus.
      if (!shape || !self.isOnScreen(shape)) return;
      var id = shape.getAttribute("data-region");
      var mark = self.marks.get(id);
      var key = event.key;
      if (key === "Enter" || key === " " || key === "Spacebar") {
        event.preventDefault();
        self.tap(id, shape);
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        event.preventDefault();
        self.step(id, key === "ArrowUp" ? 1 : -1);
      } else if (key === "Delete" || key === "Backspace") {
        event.preventDefault();
        if (!mark) return;
        self.remember();
        self.marks.delete(id);
        self.render();
        self.sayRegion(id);
      } else if (key === "Escape") {
        self.closePicker(false);
      }
    });

    this.root.addEventListener("click", function (event) {
      var button = event.target.closest("[data-action]");
      if (!button || !self.root.contains(button)) return;
      var action = button.getAttribute("data-action");
      if (action === "undo") self.undo();
      if (action === "clear") self.clear();
      if (action === "copy-last") self.copyLast();
    });

    if (this.brushInput) {
      this.brushInput.addEventListener("input", function () {
        self.setBrush(Number(self.brushInput.value));
      });
    }

    if (this.zoomSelect) {
      this.zoomSelect.addEventListener("change", function () {
        var chosen = self.presetFor(self.zoomSelect.value);
        if (!chosen) return;
        if (chosen.id === "whole") {
          self.setView(self.view, false);
          return;
        }
        // A close-up of the other figure shows that figure (one at a time on a phone).
        var figure = chosen.id.split("-")[0];
        if (self.view !== "both" && figure !== self.view && self.figureBox(figure)) {
          self.setView(figure, true);
        }
        self.showBox(chosen.viewBox, true);
      });
    }

    this.innerRows.forEach(function (row, id) {
      function update(markIt) {
        self.remember();
        if (markIt) {
          self.setMark(id, Number(row.intensity.value), row.quality.value || null);
        } else {
          self.marks.delete(id);
        }
        self.render();
        self.sayRegion(id);
      }
      row.check.addEventListener("change", function () { update(row.check.checked); });
      row.intensity.addEventListener("change", function () { update(true); });
      row.quality.addEventListener("change", function () { update(true); });
    });

    document.addEventListener("pointerdown", function (event) {
      if (!self.pickerRegion) return;
      if (self.picker.contains(event.target)) return;
      if (event.target.closest && event.target.closest(".bodymap-region")) return;
      self.closePicker(false);
    });
  };

  // The drawing's box around one figure (heading and side labels included), measured once while
  // both figures are shown; null while the widget is not rendered (e.g. in a hidden tab).
  BodyMap.prototype.figureBox = function (view) {
    if (this.figureBoxes[view]) return this.figureBoxes[view];
    var figure = this.svg.querySelector('.bodymap-figure[data-view="' + view + '"]');
    if (!figure || figure.style.display === "none") return null;
    var b = figure.getBBox();
    if (!b.width || !b.height) return null;
    var pad = 3;
    var box = [b.x - pad, b.y - pad, b.width + 2 * pad, b.height + 2 * pad]
      .map(function (n) { return Math.round(n * 10) / 10; })
      .join(" ");
    this.figureBoxes[view] = box;
    return box;
  };

  // Each region shape's box in the drawing's units (its figure's offset added), measured once
  // while both figures are shown; a widget that is not rendered yet measures nothing, and its
  // regions then count as on screen whenever their figure is shown.
  BodyMap.prototype.measureShapes = function () {
    var self = this;
    this.shapes.forEach(function (shapes) {
      shapes.forEach(function (shape) {
        var b = shape.getBBox();
        if (!b.width && !b.height) return;
        var moved = shape.parentNode.transform && shape.parentNode.transform.baseVal.consolidate();
        var dx = moved ? moved.matrix.e : 0;
        var dy = moved ? moved.matrix.f : 0;
        self.shapeBoxes.set(shape, { x: b.x + dx, y: b.y + dy, w: b.width, h: b.height });
      });
    });
  };

  // On screen: on a shown figure and inside the part of the drawing shown (a zoom's viewBox).
  BodyMap.prototype.isOnScreen = function (shape) {
    var figure = shape.closest(".bodymap-figure");
    if (figure && figure.style.display === "none") return false;
    var b = this.shapeBoxes.get(shape);
    if (!b) return true;
    var n = this.svg.getAttribute("viewBox").split(/[\s,]+/).map(Number);
    var across = Math.min(b.x + b.w, n[0] + n[2]) - Math.max(b.x, n[0]);
    var down = Math.min(b.y + b.h, n[1] + n[3]) - Math.max(b.y, n[1]);
    return across > 1 && down > 1;
  };

  // Only the regions on screen are in the tab order and the accessibility tree: with a close-up
  // of the head, Tab walks the face and neck, not the feet or the other figure out of sight.
  BodyMap.prototype.updateReachable = function () {
    var self = this;
    this.shapes.forEach(function (shapes) {
      shapes.forEach(function (shape) {
        var shown = self.isOnScreen(shape);
        shape.setAttribute("tabindex", shown ? "0" : "-1");
        if (shown) shape.removeAttribute("aria-hidden");
        else shape.setAttribute("aria-hidden", "true");
        shape.classList.toggle("bodymap-out-of-view", !shown);
        if (!shown && document.activeElement === shape) shape.blur();
      });
    });
    if (this.pickerShape && !this.isOnScreen(this.pickerShape)) this.closePicker(false);
  };

  // "Left" and "Right" at the edges of a close-up, whose box leaves out the figure's own labels.
  BodyMap.prototype.labelSides = function (viewBox, zoomed) {
    var old = this.svg.querySelector(".bodymap-zoom-sides");
    if (old) old.remove();
    this.root.toggleAttribute("data-zoomed", Boolean(zoomed));
    if (!zoomed) return;
    var n = viewBox.split(/[\s,]+/).map(Number);
    var middle = n[0] + n[2] / 2;
    var self = this;
    var figure = Array.prototype.find.call(
      this.svg.querySelectorAll(".bodymap-figure"),
      function (found) {
        var box = self.figureBox(found.getAttribute("data-view"));
        if (!box) return false;
        var b = box.split(" ").map(Number);
        return middle >= b[0] && middle <= b[0] + b[2];
      }
    );
    if (!figure) return;
    var size = Math.max(3, n[2] * 0.04);
    var group = document.createElementNS(SVG_NS, "g");
    group.setAttribute("class", "bodymap-zoom-sides");
    group.setAttribute("aria-hidden", "true");
    [
      [figure.getAttribute("data-viewer-left"), n[0] + size * 0.4, "start"],
      [figure.getAttribute("data-viewer-right"), n[0] + n[2] - size * 0.4, "end"],
    ].forEach(function (side) {
      if (!side[0]) return;
      var text = document.createElementNS(SVG_NS, "text");
      text.setAttribute("x", String(side[1]));
      text.setAttribute("y", String(n[1] + size * 1.3));
      text.setAttribute("text-anchor", side[2]);
      text.setAttribute("font-size", size.toFixed(2));
      text.setAttribute("data-zoom-side", side[0]);
      text.textContent = side[0].charAt(0).toUpperCase() + side[0].slice(1);
      group.appendChild(text);
    });
    this.svg.appendChild(group);
  };

  // Set what the drawing shows and let its height follow (bodymap.css sizes the SVG from
  // --bm-ratio, so a tall single figure is not shrunk into a wide box with empty sides).
  // `zoomed` is true for a close-up (a zoom preset), false for a whole figure or both.
  BodyMap.prototype.showBox = function (viewBox, zoomed) {
    var n = viewBox.split(/[\s,]+/).map(Number);
    this.svg.setAttribute("viewBox", viewBox);
    if (n[2] > 0 && n[3] > 0) this.svg.style.setProperty("--bm-ratio", (n[2] / n[3]).toFixed(4));
    this.labelSides(viewBox, zoomed);
    this.updateReachable();
  };

  BodyMap.prototype.buildViewSwitch = function () {
    var self = this;
    var figures = this.root.querySelector(".bodymap-figures") || this.svg;
    var group = document.createElement("div");
    group.className = "bodymap-views";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Show the front, the back or both");
    VIEWS.forEach(function (pair) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = pair[1];
      b.setAttribute("data-show-view", pair[0]);
      b.setAttribute("aria-pressed", "false");
      if (pair[0] !== "both") {
        var count = document.createElement("span");
        count.className = "bodymap-view-count";
        count.setAttribute("aria-hidden", "true");
        b.appendChild(count);
      }
      group.appendChild(b);
    });
    group.addEventListener("click", function (event) {
      var b = event.target.closest("[data-show-view]");
      if (b) self.setView(b.getAttribute("data-show-view"), false);
    });
    figures.parentNode.insertBefore(group, figures);
    this.viewSwitch = group;
    this.countViews();
    // Measure both figures and every shape before one figure is hidden.
    this.figureBox("front");
    this.figureBox("back");
    this.measureShapes();
    var narrow = window.matchMedia ? window.matchMedia(NARROW) : null;
    this.setView(narrow && narrow.matches ? "front" : "both", false);
    if (narrow && narrow.addEventListener) {
      narrow.addEventListener("change", function (event) {
        self.setView(event.matches ? "front" : "both", false);
      });
    }
  };

  // How many marked regions each figure shows, on its button: marks on the figure out of sight
  // are easy to forget on a phone.
  BodyMap.prototype.countViews = function () {
    if (!this.viewSwitch) return;
    var self = this;
    this.viewSwitch.querySelectorAll("[data-show-view]").forEach(function (b) {
      var view = b.getAttribute("data-show-view");
      var badge = b.querySelector(".bodymap-view-count");
      if (!badge) return;
      var n = 0;
      self.marks.forEach(function (mark, id) {
        var shapes = self.shapes.get(id) || [];
        if (shapes.some(function (shape) { return shape.getAttribute("data-view") === view; })) n++;
      });
      badge.textContent = n ? String(n) : "";
      if (n) {
        b.setAttribute("aria-label", b.firstChild.textContent + ", " + n + " marked");
      } else {
        b.removeAttribute("aria-label");
      }
    });
  };

  // One figure or both. The hidden figure leaves the tab order and the accessibility tree with
  // it, so keyboard and screen-reader users only meet regions they can see.
  BodyMap.prototype.setView = function (view, keepZoom) {
    var box = view === "both" ? this.fullViewBox : this.figureBox(view);
    if (!box) {
      view = "both";
      box = this.fullViewBox;
    }
    this.view = view;
    this.svg.querySelectorAll(".bodymap-figure").forEach(function (figure) {
      var shown = view === "both" || figure.getAttribute("data-view") === view;
      figure.style.display = shown ? "" : "none";
    });
    this.viewSwitch.querySelectorAll("[data-show-view]").forEach(function (b) {
      b.setAttribute("aria-pressed", b.getAttribute("data-show-view") === view ? "true" : "false");
    });
    this.root.setAttribute("data-showing", view);
    if (this.pickerShape && this.pickerShape.closest(".bodymap-figure").style.display === "none") {
      this.closePicker(false);
    }
    if (keepZoom) {
      this.updateReachable();
      return;
    }
    if (this.zoomSelect) this.zoomSelect.value = "whole";
    this.showBox(box, false);
  };

  BodyMap.prototype.undo = function () {
    if (!this.history.length) return;
    this.load(JSON.parse(this.history.pop()));
    this.lastAction = null;
    this.render();
    this.say("Undone.");
  };

  BodyMap.prototype.clear = function () {
    if (!this.marks.size) return;
    this.remember();
    this.marks.clear();
    this.closePicker(false);
    this.render();
    this.say("All marks cleared. Undo brings them back.");
  };

  BodyMap.prototype.copyLast = function () {
    var last = this.parse(this.root.getAttribute("data-last-map"));
    if (!last.length) return;
    this.remember();
    this.load(last);
    this.closePicker(false);
    this.render();
    this.say("Copied your last map. Change what is different today.");
  };

  BodyMap.prototype.buildPicker = function () {
    var self = this;
    var picker = document.createElement("div");
    picker.className = "bodymap-picker";
    picker.hidden = true;
    picker.setAttribute("role", "dialog");
    picker.setAttribute("aria-modal", "false");
    var header = document.createElement("div");
    header.className = "bodymap-picker-head";
    var heading = document.createElement("h3");
    heading.id = (this.root.id || "bodymap") + "-picker-title";
    picker.setAttribute("aria-labelledby", heading.id);
    header.appendChild(heading);
    var remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove mark";
    remove.setAttribute("data-pick-remove", "");
    var done = document.createElement("button");
    done.type = "button";
    done.textContent = "Done";
    done.setAttribute("data-pick-done", "");
    var headerActions = document.createElement("div");
    headerActions.className = "bodymap-picker-actions";
    headerActions.appendChild(remove);
    headerActions.appendChild(done);
    header.appendChild(headerActions);
    picker.appendChild(header);

    var scaleLabel = document.createElement("p");
    scaleLabel.className = "bodymap-picker-label";
    scaleLabel.textContent = "How strong? 0 = none, 10 = worst imaginable";
    picker.appendChild(scaleLabel);
    var scale = document.createElement("div");
    scale.className = "bodymap-picker-scale";
    scale.setAttribute("role", "group");
    scale.setAttribute("aria-label", "Intensity");
    for (var i = 0; i <= MAX; i++) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = String(i);
      b.setAttribute("data-intensity", String(i));
      b.setAttribute("data-pick-intensity", String(i));
      b.setAttribute("aria-label", "Intensity " + i);
      scale.appendChild(b);
    }
    picker.appendChild(scale);

    var qualityLabel = document.createElement("p");
    qualityLabel.className = "bodymap-picker-label";
    qualityLabel.textContent = "What is it like? (optional)";
    picker.appendChild(qualityLabel);
    var qualities = document.createElement("div");
    qualities.className = "bodymap-picker-qualities";
    qualities.setAttribute("role", "group");
    qualities.setAttribute("aria-label", "Quality");
    QUALITIES.forEach(function (q) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = q;
      b.setAttribute("data-pick-quality", q);
      qualities.appendChild(b);
    });
    picker.appendChild(qualities);

    picker.addEventListener("click", function (event) {
      var id = self.pickerRegion;
      var target = event.target.closest("button");
      if (!id || !target) return;
      var mark = self.marks.get(id);
      if (target.hasAttribute("data-pick-intensity")) {
        var value = Number(target.getAttribute("data-pick-intensity"));
        if (!mark || mark.intensity !== value) {
          self.remember();
          self.setMark(id, value, mark ? mark.quality : null);
        }
        self.setBrush(value);
        self.render();
        self.sayRegion(id);
      } else if (target.hasAttribute("data-pick-quality")) {
        var quality = target.getAttribute("data-pick-quality");
        self.remember();
        self.setMark(id, mark ? mark.intensity : self.brush, mark && mark.quality === quality ? null : quality);
        self.render();
        self.sayRegion(id);
      } else if (target.hasAttribute("data-pick-remove")) {
        if (mark) {
          self.remember();
          self.marks.delete(id);
          self.render();
        }
        self.sayRegion(id);
        self.closePicker(true);
      } else if (target.hasAttribute("data-pick-done")) {
        self.closePicker(true);
      }
    });
    picker.addEventListener("keydown", function (event) {
      if (event.key === "Escape") {
        event.preventDefault();
        self.closePicker(true);
      } else if ((event.key === "ArrowUp" || event.key === "ArrowDown") && self.pickerRegion) {
        // The intensity buttons behave like one 0-10 control, as the arrows on a region do.
        event.preventDefault();
        self.step(self.pickerRegion, event.key === "ArrowUp" ? 1 : -1);
        var chosen = self.picker.querySelector('[data-pick-intensity][aria-pressed="true"]');
        if (chosen) chosen.focus({ preventScroll: true });
      }
    });
    this.picker = picker;
    this.pickerHeading = heading;
    this.root.appendChild(picker);
  };

  BodyMap.prototype.syncPicker = function () {
    var id = this.pickerRegion;
    var mark = this.marks.get(id);
    this.pickerHeading.textContent = this.labels.get(id);
    this.picker.querySelectorAll("[data-pick-intensity]").forEach(function (b) {
      var on = Boolean(mark) && Number(b.getAttribute("data-pick-intensity")) === mark.intensity;
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
    this.picker.querySelectorAll("[data-pick-quality]").forEach(function (b) {
      var on = Boolean(mark) && b.getAttribute("data-pick-quality") === mark.quality;
      b.setAttribute("aria-pressed", on ? "true" : "false");
    });
  };

  BodyMap.prototype.openPicker = function (id, shape) {
    this.pickerRegion = id;
    this.pickerShape = shape;
    this.syncPicker();
    this.picker.hidden = false;
    // Beside the tapped shape, kept inside the widget (a phone's stylesheet overrides this with
    // a bottom sheet).
    var box = this.root.getBoundingClientRect();
    var r = shape.getBoundingClientRect();
    var width = this.picker.offsetWidth;
    var x = r.right - box.left + 8;
    if (x + width > box.width) x = r.left - box.left - width - 8;
    x = Math.max(0, Math.min(x, box.width - width));
    var y = Math.max(0, r.top - box.top - 20);
    this.picker.style.setProperty("--bm-picker-x", x + "px");
    this.picker.style.setProperty("--bm-picker-y", y + "px");
    if (getComputedStyle(this.picker).position === "fixed") this.revealAboveSheet(shape);
    var selected = this.picker.querySelector('[data-pick-intensity][aria-pressed="true"]');
    if (selected) selected.focus({ preventScroll: true });
  };

  // On a phone the picker is a sheet over the bottom of the screen: scroll the page so the region
  // just tapped sits in the space above the sheet, where the patient can still see its colour.
  // Room below the widget (as tall as the sheet) lets even the feet scroll up that far.
  BodyMap.prototype.revealAboveSheet = function (shape) {
    this.root.style.setProperty("--bm-sheet-space", this.picker.offsetHeight + "px");
    this.root.classList.add("bodymap-sheet-open");
    var margin = 12;
    var sheetTop = this.picker.getBoundingClientRect().top;
    var r = shape.getBoundingClientRect();
    if (r.top >= margin && r.bottom <= sheetTop - margin) return;
    var goal = Math.max(margin, (sheetTop - r.height) / 2);
    window.scrollBy({ top: r.top - goal, left: 0, behavior: "instant" });
  };

  BodyMap.prototype.closePicker = function (returnFocus) {
    if (!this.pickerRegion) return;
    var shape = this.pickerShape;
    this.pickerRegion = null;
    this.pickerShape = null;
    this.picker.hidden = true;
    this.root.classList.remove("bodymap-sheet-open");
    if (returnFocus && shape) shape.focus({ preventScroll: true });
  };

  function init(scope) {
    scope = scope || document;
    var found = Array.prototype.slice.call(scope.querySelectorAll("[data-bodymap]"));
    if (scope.matches && scope.matches("[data-bodymap]")) found.push(scope);
    found.forEach(function (root) {
      if (!root.bodymap) root.bodymap = new BodyMap(root);
    });
  }

  window.KnotworkBodyMap = { init: init, BodyMap: BodyMap };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { init(document); });
  } else {
    init(document);
  }
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
