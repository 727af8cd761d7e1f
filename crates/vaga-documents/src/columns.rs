//! Reading order of a page laid out in two columns, from positioned text spans.
//!
//! `pdf_oxide`'s `extract_text` keeps most sidebars apart, but when the lines of two columns sit at
//! the same heights it can merge them row by row ("…designing and UC Berkeley | 2019"). This module
//! looks at the geometry instead:
//!
//! 1. **Rows.** Spans whose vertical centres are within half a line of each other are one row.
//! 2. **Gutter.** For candidate x positions in the middle 70% of the text's width, a row crosses it
//!    when one of its spans does (a name, a contact line, a full-width section); crossing rows cut the
//!    page into horizontal bands. A band is *two-column* when both sides hold at least [`MIN_ROWS`]
//!    rows, the empty strip between them is at least half a line wide, and each side is at least
//!    [`MIN_SIDE`] of the text's width (so a right-aligned date column is not a column). The gutter is
//!    the candidate whose two-column bands hold the most rows.
//! 3. **Order.** Bands go top to bottom; a two-column band gives its left column's lines, then its
//!    right column's; any other band gives its lines as they are.
//!    Lines are joined left to right with a space where there is a visible gap; a gap between lines
//!    clearly taller than the block's usual one is a blank line.
//!
//! [`reading_order`] returns `None` when the page has no such gutter, and the caller keeps
//! `extract_text`. It never panics: spans with non-finite coordinates are dropped, coordinates are
//! clamped, and a page with more than [`MAX_SPANS`] spans is left to `extract_text`.

/// A piece of text at a position on the page, in points, with y growing downward.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Span {
    /// The text (it may carry its own leading or trailing spaces).
    pub text: String,
    /// The x of its left edge.
    pub left: f32,
    /// The x of its right edge.
    pub right: f32,
    /// The y of its top edge (smaller is higher on the page).
    pub top: f32,
    /// The y of its bottom edge.
    pub bottom: f32,
}

/// The most spans a page may have for the column pass to run (a resume page has a few hundred).
pub const MAX_SPANS: usize = 20_000;

/// Rows each side of a band needs for the band to count as two columns.
pub const MIN_ROWS: usize = 4;

/// The smallest width of each column, as a fraction of the text's width on the page.
pub const MIN_SIDE: f32 = 0.22;

/// Candidate gutter positions tried per page.
const CANDIDATES: usize = 240;

/// Coordinates beyond this (in points) are clamped: a page is at most 14,400 points wide.
const FAR: f32 = 1.0e6;

/// A span with sane geometry, and its index into the spans.
#[derive(Clone, Copy, Debug)]
struct Box {
    left: f32,
    /// The right edge used to find the gutter (guessed for spans with no width).
    right: f32,
    /// The right edge as given, used to decide where spaces go.
    ink_right: f32,
    top: f32,
    bottom: f32,
    index: usize,
}

impl Box {
    fn centre(&self) -> f32 {
        (self.top + self.bottom) / 2.0
    }
    fn height(&self) -> f32 {
        self.bottom - self.top
    }
}

/// One horizontal stretch of the page: the boxes (indices into the sorted boxes) left and right of
/// the gutter between two crossing rows with their row counts, or a run of crossing rows.
#[derive(Debug, Default)]
struct Band {
    left: Vec<usize>,
    right: Vec<usize>,
    left_rows: usize,
    right_rows: usize,
    across: Vec<usize>,
}

impl Band {
    fn is_empty(&self) -> bool {
        self.left.is_empty() && self.right.is_empty() && self.across.is_empty()
    }
}

/// The text of a page in reading order when it has two columns side by side; `None` when it has no
/// gutter (see the module docs).
#[must_use]
pub fn reading_order(spans: &[Span]) -> Option<String> {
    if spans.len() > MAX_SPANS {
        return None;
    }
    let mut boxes: Vec<Box> = spans
        .iter()
        .enumerate()
        .filter(|(_, s)| !s.text.trim().is_empty())
        .filter_map(|(index, s)| sane(s, index))
        .collect();
    if boxes.len() < 2 * MIN_ROWS {
        return None;
    }
    sort_reading(&mut boxes);
    let rows = rows(&boxes);
    let typical = median_height(&boxes);
    let min_x = boxes.iter().map(|b| b.left).fold(f32::INFINITY, f32::min);
    let max_x = boxes
        .iter()
        .map(|b| b.right)
        .fold(f32::NEG_INFINITY, f32::max);
    let width = max_x - min_x;
    if !(width.is_finite() && width > 10.0 * typical) {
        return None;
    }
    let mut best: Option<(usize, f32)> = None;
    for step in 0..=CANDIDATES {
        #[allow(clippy::cast_precision_loss)] // at most CANDIDATES
        let gutter = min_x + width * (0.15 + 0.70 * step as f32 / CANDIDATES as f32);
        let score: usize = bands(&boxes, &rows, gutter)
            .iter()
            .filter(|band| two_columns(&boxes, band, width, typical))
            .map(|band| band.left_rows.min(band.right_rows))
            .sum();
        if score > 0 && best.is_none_or(|(s, _)| score > s) {
            best = Some((score, gutter));
        }
    }
    let (_, gutter) = best?;
    let mut blocks: Vec<String> = Vec::new();
    let mut full: Vec<usize> = Vec::new();
    for band in bands(&boxes, &rows, gutter) {
        if two_columns(&boxes, &band, width, typical) {
            push_block(&mut blocks, &boxes, spans, &full);
            full.clear();
            push_block(&mut blocks, &boxes, spans, &band.left);
            push_block(&mut blocks, &boxes, spans, &band.right);
        } else {
            full.extend(&band.left);
            full.extend(&band.right);
            full.extend(&band.across);
        }
    }
    push_block(&mut blocks, &boxes, spans, &full);
    Some(blocks.join("\n\n"))
}

/// The box of a span, or `None` when a coordinate is not a number.
fn sane(s: &Span, index: usize) -> Option<Box> {
    let coords = [s.left, s.right, s.top, s.bottom];
    if coords.iter().any(|c| !c.is_finite()) {
        return None;
    }
    let [a, b, c, d] = coords.map(|c| c.clamp(-FAR, FAR));
    let (top, bottom) = (c.min(d), c.max(d));
    // A zero-height span still has a centre; give it a sliver of height.
    let bottom = bottom.max(top + 0.1);
    let (left, ink_right) = (a.min(b), a.max(b));
    // Some fonts give spans no width (AltaCV's header fields): guess half an em per character, so a
    // long header line still crosses the gutter.
    #[allow(clippy::cast_precision_loss)] // a span's length, far below 2^24
    let chars = s.text.trim().chars().count() as f32;
    let em = bottom - top;
    let right = if ink_right - left < 0.2 * em * chars {
        (left + 0.5 * em * chars).min(FAR)
    } else {
        ink_right
    };
    Some(Box {
        left,
        right,
        ink_right,
        top,
        bottom,
        index,
    })
}

/// Top to bottom, then left to right.
fn sort_reading(boxes: &mut [Box]) {
    boxes.sort_by(|a, b| {
        a.centre()
            .total_cmp(&b.centre())
            .then(a.left.total_cmp(&b.left))
    });
}

/// The median span height: the page's line height, roughly.
fn median_height(boxes: &[Box]) -> f32 {
    let mut heights: Vec<f32> = boxes.iter().map(Box::height).collect();
    heights.sort_by(f32::total_cmp);
    heights
        .get(heights.len() / 2)
        .copied()
        .unwrap_or(1.0)
        .max(0.1)
}

/// Whether two boxes sit on one row: their centres are within half the smaller height.
fn same_row(a: &Box, b: &Box) -> bool {
    (a.centre() - b.centre()).abs() <= a.height().min(b.height()) / 2.0
}

/// The boxes (sorted top to bottom) grouped into rows, as ranges of indices.
fn rows(boxes: &[Box]) -> Vec<std::ops::Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    for i in 1..=boxes.len() {
        let ends = match (boxes.get(start), boxes.get(i)) {
            (Some(first), Some(b)) => !same_row(first, b),
            _ => true,
        };
        if ends {
            if start < i {
                out.push(start..i);
            }
            start = i;
        }
    }
    out
}

/// The page cut into bands at the rows that cross `gutter`.
fn bands(boxes: &[Box], rows: &[std::ops::Range<usize>], gutter: f32) -> Vec<Band> {
    let mut out = Vec::new();
    let mut band = Band::default();
    for row in rows {
        let row_boxes = boxes.get(row.clone()).unwrap_or_default();
        let crosses = row_boxes
            .iter()
            .any(|b| b.left < gutter && b.right > gutter);
        let crossing_run = !band.across.is_empty();
        if crosses != crossing_run && !band.is_empty() {
            out.push(std::mem::take(&mut band));
        }
        if crosses {
            band.across.extend(row.clone());
            continue;
        }
        let (mut left, mut right) = (false, false);
        for (i, b) in row.clone().zip(row_boxes) {
            if b.right <= gutter {
                band.left.push(i);
                left = true;
            } else {
                band.right.push(i);
                right = true;
            }
        }
        band.left_rows += usize::from(left);
        band.right_rows += usize::from(right);
    }
    if !band.is_empty() {
        out.push(band);
    }
    out
}

/// Whether a band holds two real columns: enough rows on both sides, a gap between them, and each
/// side wide enough.
fn two_columns(boxes: &[Box], band: &Band, width: f32, typical: f32) -> bool {
    if band.left_rows < MIN_ROWS || band.right_rows < MIN_ROWS {
        return false;
    }
    let extent = |ids: &[usize]| {
        ids.iter()
            .filter_map(|&i| boxes.get(i))
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), b| {
                (lo.min(b.left), hi.max(b.right))
            })
    };
    let (left_lo, left_hi) = extent(&band.left);
    let (right_lo, right_hi) = extent(&band.right);
    right_lo - left_hi >= typical / 2.0
        && left_hi - left_lo >= MIN_SIDE * width
        && right_hi - right_lo >= MIN_SIDE * width
}

/// Appends the lines of `ids` as one block (nothing when empty).
fn push_block(blocks: &mut Vec<String>, boxes: &[Box], spans: &[Span], ids: &[usize]) {
    let mut mine: Vec<Box> = ids.iter().filter_map(|&i| boxes.get(i)).copied().collect();
    if mine.is_empty() {
        return;
    }
    sort_reading(&mut mine);
    let lines = rows(&mine);
    let extents: Vec<(f32, f32)> = lines
        .iter()
        .map(|line| {
            mine.get(line.clone())
                .unwrap_or_default()
                .iter()
                .fold((f32::INFINITY, f32::NEG_INFINITY), |(top, bottom), b| {
                    (top.min(b.top), bottom.max(b.bottom))
                })
        })
        .collect();
    // The space between two lines of one paragraph (the lower quartile of this block's gaps: a
    // sidebar has more gaps between items than inside them); a clearly larger one is a break.
    let mut gaps: Vec<f32> = extents.windows(2).map(|w| w[1].0 - w[0].1).collect();
    gaps.sort_by(f32::total_cmp);
    let usual = gaps.get(gaps.len() / 4).copied().unwrap_or(0.0).max(0.0);
    let mut text = String::new();
    let mut previous: Option<(f32, f32)> = None;
    for (line, &(top, bottom)) in lines.into_iter().zip(&extents) {
        if let Some((prev_top, prev_bottom)) = previous {
            text.push('\n');
            if top - prev_bottom > usual + 0.6 * (prev_bottom - prev_top) {
                text.push('\n');
            }
        }
        previous = Some((top, bottom));
        let mut line: Vec<Box> = mine.get(line).unwrap_or_default().to_vec();
        line.sort_by(|a, b| a.left.total_cmp(&b.left));
        let start = text.len();
        let mut last_right: Option<f32> = None;
        for b in line {
            let piece = spans.get(b.index).map_or("", |s| s.text.as_str());
            if let Some(right) = last_right {
                let spaced =
                    text.ends_with(char::is_whitespace) || piece.starts_with(char::is_whitespace);
                if !spaced && b.left - right > 0.15 * b.height() {
                    text.push(' ');
                }
            }
            if text.len() == start {
                text.push_str(piece.trim_start());
            } else {
                text.push_str(piece);
            }
            last_right = Some(last_right.map_or(b.ink_right, |r| r.max(b.ink_right)));
        }
        let trimmed = text.trim_end().len();
        text.truncate(trimmed);
    }
    blocks.push(text);
}
