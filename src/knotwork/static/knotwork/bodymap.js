/*
 * Body-map drawing widget: enhances the HTML of knotwork.domain.bodymap.widget.widget_html().
 *
 * Plain JavaScript, no framework. Every element with [data-bodymap] becomes a widget when the
 * page loads (and when htmx swaps one in). The widget keeps the marks in the hidden input
 * [data-marks-input] as a JSON array: [{"region": "...", "intensity": 0-10, "quality": ...}].
 *
 * Pointer: tap or click a region to mark it with the brush intensity and open the picker
 * (intensity 0-10, quality, remove); tap a marked region to change or clear it; press and drag
 * across regions to paint them all with the brush intensity (one undo step).
 * Keyboard: Tab moves through the regions (head to feet, the patient's left first);
 * Enter or Space marks and opens the picker; ArrowUp/ArrowDown change the intensity;
 * Delete or Backspace clears; Escape closes the picker.
 */
(function () {
  "use strict";

  var QUALITIES = ["aching", "burning", "sharp", "throbbing", "tingling", "numb"];
  var MAX = 10;
  var SVG_NS = "http://www.w3.org/2000/svg";

  function clamp(value) {
    return Math.max(0, Math.min(MAX, value));
  }

  function describe(label, mark) {
    if (!mark) return label;
    var text = label + ": pain " + mark.intensity + " of 10";
    return mark.quality ? text + ", " + mark.quality : text;
  }

  function BodyMap(root) {
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

  BodyMap.prototype.tap = function (id, shape) {
    if (!this.marks.has(id)) {
      this.remember();
      this.setMark(id, this.brush, null);
      this.render();
    }
    this.sayRegion(id);
    this.openPicker(id, shape);
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
      if (event.type === "pointerup" && !stroke.moved) self.tap(stroke.start, stroke.shape);
    }
    svg.addEventListener("pointerup", endStroke);
    svg.addEventListener("pointercancel", endStroke);
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
      if (!shape) return;
      var id = shape.getAttribute("data-region");
      var mark = self.marks.get(id);
      var key = event.key;
      if (key === "Enter" || key === " " || key === "Spacebar") {
        event.preventDefault();
        self.tap(id, shape);
      } else if (key === "ArrowUp" || key === "ArrowDown") {
        event.preventDefault();
        var step = key === "ArrowUp" ? 1 : -1;
        if (!mark && step < 0) return;
        self.remember("arrow:" + id);
        self.setMark(id, mark ? mark.intensity + step : self.brush, mark ? mark.quality : null);
        self.setBrush(self.marks.get(id).intensity);
        self.render();
        self.sayRegion(id);
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
      var presets = [];
      try { presets = JSON.parse(svg.getAttribute("data-zoom") || "[]"); } catch (error) { presets = []; }
      this.zoomSelect.addEventListener("change", function () {
        var chosen = presets.find(function (p) { return p.id === self.zoomSelect.value; });
        if (chosen) svg.setAttribute("viewBox", chosen.viewBox);
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
    var heading = document.createElement("h3");
    heading.id = (this.root.id || "bodymap") + "-picker-title";
    picker.setAttribute("aria-labelledby", heading.id);
    picker.appendChild(heading);

    var scaleLabel = document.createElement("p");
    scaleLabel.className = "bodymap-picker-label";
    scaleLabel.textContent = "How strong? 0 = no pain, 10 = worst imaginable";
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

    var actions = document.createElement("div");
    actions.className = "bodymap-picker-actions";
    var remove = document.createElement("button");
    remove.type = "button";
    remove.textContent = "Remove mark";
    remove.setAttribute("data-pick-remove", "");
    var done = document.createElement("button");
    done.type = "button";
    done.textContent = "Done";
    done.setAttribute("data-pick-done", "");
    actions.appendChild(remove);
    actions.appendChild(done);
    picker.appendChild(actions);

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
    var selected = this.picker.querySelector('[data-pick-intensity][aria-pressed="true"]');
    if (selected) selected.focus({ preventScroll: true });
  };

  BodyMap.prototype.closePicker = function (returnFocus) {
    if (!this.pickerRegion) return;
    var shape = this.pickerShape;
    this.pickerRegion = null;
    this.pickerShape = null;
    this.picker.hidden = true;
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
