// A virtualized vertical list with rows of varying height: only the rows near the viewport are in
// the DOM (absolutely positioned over a spacer as tall as the whole list). Heights are measured
// once per row version and cached by key; unmeasured rows use an estimate. When heights or the
// item array change, the first visible row stays where it was on screen (or the list stays at the
// bottom if it was there), so loading history above and live messages below never jump.
//
// Ownership: the list owns `container`'s children; `render` returns a fresh element that the list
// owns until the row leaves the range. Callbacks are never called re-entrantly from `refresh`.
export class VirtualList {
  constructor(container, { keyOf, signatureOf, render, estimate = 56, overscan = 800, onNearTop, onScrolled }) {
    this.container = container;
    this.keyOf = keyOf;
    this.signatureOf = signatureOf;  // changes when a row must be rendered again
    this.render = render;
    this.estimate = estimate;
    this.overscan = overscan;
    this.onNearTop = onNearTop;
    this.onScrolled = onScrolled;
    this.items = [];
    this.heights = new Map();    // key → measured px
    this.rows = new Map();       // key → {el, sig, top}
    this.offsets = new Float64Array(1);
    this.indexOfKey = new Map();
    this.dirty = true;
    this.stickToBottom = true;
    this.frame = 0;
    this.width = 0;

    this.spacer = document.createElement('div');
    this.spacer.className = 'vlist-spacer';
    container.classList.add('vlist');
    container.append(this.spacer);
    container.addEventListener('scroll', () => this.onScroll(), { passive: true });
    this.resizer = new ResizeObserver(() => {
      const w = container.clientWidth;
      if (w !== this.width) {
        this.width = w;
        this.heights.clear();  // text reflows: every height is stale
        this.dirty = true;
      }
      this.schedule();
    });
    this.resizer.observe(container);
    // A row whose size changes on its own (an image decoded, late styles) triggers a refresh.
    this.rowResizer = new ResizeObserver(() => this.schedule());
  }

  destroy() {
    this.resizer.disconnect();
    this.rowResizer.disconnect();
    cancelAnimationFrame(this.frame);
  }

  setItems(items) {
    const anchor = this.anchor();  // with the old items and their offsets
    this.items = items;
    this.dirty = true;
    this.refresh(anchor);
  }

  // The row of `key` is stale (edited, reactions changed): measure it again.
  invalidate(key) {
    this.heights.delete(key);
    this.dirty = true;
  }

  atBottom() {
    const c = this.container;
    return c.scrollHeight - c.scrollTop - c.clientHeight < 8;
  }

  scrollToBottom() {
    this.stickToBottom = true;
    this.refresh();
  }

  scrollToKey(key) {
    const i = this.indexOfKey.get(key);
    if (i === undefined) return;
    this.stickToBottom = false;
    this.container.scrollTop = Math.max(0, this.offsets[i] - this.container.clientHeight / 3);
    this.refresh();
  }

  schedule() {
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.refresh(); });
  }

  onScroll() {
    if (this.adjusting) { this.adjusting = false; return; }
    this.stickToBottom = this.atBottom();
    this.refresh();
    if (this.container.scrollTop < this.overscan && this.onNearTop) this.onNearTop();
    this.onScrolled?.(this.stickToBottom);
  }

  layout() {
    const n = this.items.length;
    if (this.offsets.length !== n + 1) this.offsets = new Float64Array(n + 1);
    this.indexOfKey = new Map();
    let y = 0;
    for (let i = 0; i < n; i++) {
      const key = this.keyOf(this.items[i]);
      this.indexOfKey.set(key, i);
      this.offsets[i] = y;
      y += this.heights.get(key) ?? this.estimate;
    }
    this.offsets[n] = y;
    this.spacer.style.height = `${y}px`;
    this.dirty = false;
  }

  // First index whose row ends below `y`.
  indexAt(y) {
    let lo = 0, hi = this.items.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.offsets[mid + 1] <= y) lo = mid + 1; else hi = mid;
    }
    return lo;
  }

  anchor() {
    if (!this.items.length || this.stickToBottom) return null;
    const top = this.container.scrollTop;
    const i = Math.min(this.indexAt(top), this.items.length - 1);
    return { key: this.keyOf(this.items[i]), delta: this.offsets[i] - top };
  }

  restore(anchor) {
    const c = this.container;
    let target;
    if (this.stickToBottom) target = this.offsets[this.items.length] - c.clientHeight;
    else if (anchor && this.indexOfKey.has(anchor.key)) target = this.offsets[this.indexOfKey.get(anchor.key)] - anchor.delta;
    else return;
    target = Math.max(0, Math.round(target));
    if (Math.abs(c.scrollTop - target) >= 1) {
      this.adjusting = true;
      c.scrollTop = target;
      if (c.scrollTop !== target) this.adjusting = false;  // clamped: no scroll event follows
    }
  }

  refresh(anchor = this.dirty ? this.anchor() : null) {
    // A layout pass can change heights, which moves rows: settle in a few rounds at most.
    for (let round = 0; round < 4; round++) {
      if (this.dirty) {
        this.layout();
        this.restore(anchor);
      }
      if (!this.place()) break;
      this.dirty = true;
    }
  }

  // Puts the rows of the visible range in the DOM; returns true when a measured height changed.
  place() {
    const c = this.container;
    const n = this.items.length;
    const top = c.scrollTop - this.overscan;
    const bottom = c.scrollTop + c.clientHeight + this.overscan;
    const first = n ? Math.min(this.indexAt(Math.max(0, top)), n - 1) : 0;
    let last = first;
    while (last < n && this.offsets[last] < bottom) last++;

    const keep = new Set();
    const placed = [];
    for (let i = first; i < last; i++) {
      const item = this.items[i];
      const key = this.keyOf(item);
      const sig = this.signatureOf(item, i);
      keep.add(key);
      let row = this.rows.get(key);
      if (row && row.sig !== sig) {
        this.rowResizer.unobserve(row.el);
        row.el.remove();
        row = null;
        this.heights.delete(key);
      }
      if (!row) {
        row = { el: this.render(item, i), sig, top: -1 };
        row.el.classList.add('vlist-row');
        this.spacer.append(row.el);
        this.rowResizer.observe(row.el);
        this.rows.set(key, row);
      }
      placed.push([key, row]);
      const y = this.offsets[i];
      if (row.top !== y) {
        row.top = y;
        row.el.style.transform = `translateY(${y}px)`;
      }
    }
    for (const [key, row] of this.rows) {
      if (!keep.has(key)) {
        this.rowResizer.unobserve(row.el);
        row.el.remove();
        this.rows.delete(key);
      }
    }
    // Every placed row is measured (one forced layout: only transforms were written since), so a
    // row that grew later (an image, a font, styles that arrived late) heals on the next refresh.
    if (!this.container.isConnected || !this.container.clientHeight) return false;
    let changed = false;
    for (const [key, row] of placed) {
      const height = row.el.offsetHeight;
      if (height !== (this.heights.get(key) ?? this.estimate)) changed = true;
      this.heights.set(key, height);
    }
    if (!changed && this.stickToBottom) this.restore(null);
    return changed;
  }

  visibleKeys() {
    const c = this.container;
    const out = [];
    for (let i = this.indexAt(c.scrollTop); i < this.items.length && this.offsets[i] < c.scrollTop + c.clientHeight; i++) {
      out.push(this.keyOf(this.items[i]));
    }
    return out;
  }
}
