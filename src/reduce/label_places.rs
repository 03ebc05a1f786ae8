//! Where topic labels go on the map (the window's and the exported picture alike): at the
//! topic's place unless that would cover a label already drawn or, close by, hide articles.

/// Where a topic's label goes when its own place is taken by a label already drawn:
/// `place(lines, sides)` is the label moved down by `lines` lines (up when negative) and right
/// by `sides` times its own width (left when negative). The first free place is taken, nearest
/// first: up to five lines up or down, then the same beside the topic's place. In a crowded
/// corner, a label beside another reads better than one on top of it. `None` when none is
/// free.
pub fn first_free_label_place<T>(
    place: impl Fn(f32, f32) -> T,
    is_free: impl Fn(&T) -> bool,
) -> Option<T> {
    first_of(moves(5, 1), place, is_free)
}

/// Like [`first_free_label_place`], but where the topic's place, or a line or two above or below
/// it, is free and hides no article (`hides_articles`), the label goes to the nearest such
/// place first. On a sparse map (a list of headlines) a label at its topic's centre would hide
/// the very articles it names; on a dense one every place near the centre hides some, and the
/// label stays where [`first_free_label_place`] puts it rather than wander off its topic.
pub fn label_place<T>(
    place: impl Fn(f32, f32) -> T,
    is_free: impl Fn(&T) -> bool,
    hides_articles: impl Fn(&T) -> bool,
) -> Option<T> {
    first_of(moves(CLEAR_LINES, 0), &place, |candidate| {
        is_free(candidate) && !hides_articles(candidate)
    })
    .or_else(|| first_free_label_place(place, is_free))
}

/// How many lines up or down a label may move to hide no article.
const CLEAR_LINES: i32 = 2;

/// Moves of up to `lines` lines up or down and `sides` widths left or right, nearest first.
/// A side step moves the label by its width, farther than any line: every line up or down is
/// tried first, nearest first, up before down; then the same beside, left first.
fn moves(lines: i32, sides: i32) -> Vec<(i32, i32)> {
    let mut moves: Vec<(i32, i32)> = (-sides..=sides)
        .flat_map(|s| (-lines..=lines).map(move |l| (l, s)))
        .collect();
    moves.sort_by_key(|&(l, s)| (s.abs(), l.abs(), l, s));
    moves
}

fn first_of<T>(
    moves: Vec<(i32, i32)>,
    place: impl Fn(f32, f32) -> T,
    is_free: impl Fn(&T) -> bool,
) -> Option<T> {
    moves
        .into_iter()
        .map(|(lines, sides)| place(lines as f32, sides as f32))
        .find(|candidate| is_free(candidate))
}

/// Whether any point lies in a rectangle, answered in constant time from a grid of counts and
/// their running sums (a summed-area table). A rectangle counts every cell it touches, so a
/// point up to a cell outside it may count as in it: cells are a few pixels, about a dot.
pub struct PointGrid {
    origin: [f32; 2],
    cell: f32,
    columns: usize,
    rows: usize,
    /// `sums[(y + 1) * (columns + 1) + x + 1]`: the points in cells `..=x` by `..=y`.
    sums: Vec<u32>,
}

impl PointGrid {
    /// A grid of `cell`-sized cells over the rectangle `min`..`max`; points outside it are left
    /// out.
    pub fn new(points: impl IntoIterator<Item = [f32; 2]>, min: [f32; 2], max: [f32; 2]) -> Self {
        let cell = GRID_CELL;
        let columns = (((max[0] - min[0]) / cell).ceil().max(0.0) as usize).max(1);
        let rows = (((max[1] - min[1]) / cell).ceil().max(0.0) as usize).max(1);
        let stride = columns + 1;
        let mut sums = vec![0u32; stride * (rows + 1)];
        for [x, y] in points {
            let (cx, cy) = ((x - min[0]) / cell, (y - min[1]) / cell);
            if cx >= 0.0 && cy >= 0.0 && cx < columns as f32 && cy < rows as f32 {
                sums[(cy as usize + 1) * stride + cx as usize + 1] += 1;
            }
        }
        for y in 1..=rows {
            for x in 1..=columns {
                let i = y * stride + x;
                sums[i] += sums[i - 1] + sums[i - stride] - sums[i - stride - 1];
            }
        }
        Self {
            origin: min,
            cell,
            columns,
            rows,
            sums,
        }
    }

    /// Whether any point lies in the rectangle `min`..`max` (or in a cell it touches).
    pub fn any_within(&self, min: [f32; 2], max: [f32; 2]) -> bool {
        let column = |x: f32| ((x - self.origin[0]) / self.cell).floor();
        let row = |y: f32| ((y - self.origin[1]) / self.cell).floor();
        let (x0, x1) = (column(min[0]).max(0.0), column(max[0]));
        let (y0, y1) = (row(min[1]).max(0.0), row(max[1]));
        if x1 < 0.0 || y1 < 0.0 || x0 >= self.columns as f32 || y0 >= self.rows as f32 {
            return false;
        }
        let (x0, y0) = (x0 as usize, y0 as usize);
        let x1 = (x1 as usize).min(self.columns - 1) + 1;
        let y1 = (y1 as usize).min(self.rows - 1) + 1;
        let stride = self.columns + 1;
        let at = |x: usize, y: usize| self.sums[y * stride + x];
        at(x1, y1) + at(x0, y0) > at(x0, y1) + at(x1, y0)
    }
}

/// A grid cell's side, in pixels.
const GRID_CELL: f32 = 4.0;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_label_goes_to_the_nearest_free_place_and_beside_only_when_lines_are_taken() {
        let first = |taken: &dyn Fn(f32, f32) -> bool| {
            first_free_label_place(|lines, sides| (lines, sides), |&(l, s)| !taken(l, s))
        };
        assert_eq!(first(&|_, _| false), Some((0.0, 0.0)));
        assert_eq!(first(&|l, _| l == 0.0), Some((-1.0, 0.0)), "one line up");
        assert_eq!(first(&|l, _| l > -2.0 && l < 2.0), Some((-2.0, 0.0)));
        // Every line up or down comes before a place beside.
        assert_eq!(
            first(&|l, s| s == 0.0 && l > -2.0 && l < 2.0),
            Some((-2.0, 0.0))
        );
        // A column of labels above and below: beside it, on the same line.
        assert_eq!(first(&|_, s| s == 0.0), Some((0.0, -1.0)));
        assert_eq!(first(&|_, s| s <= 0.0), Some((0.0, 1.0)));
        assert_eq!(first(&|_, _| true), None);
    }

    #[test]
    fn a_label_moves_a_line_or_two_to_hide_no_article_but_no_farther() {
        let place = |taken: &dyn Fn(f32, f32) -> bool, hides: &dyn Fn(f32, f32) -> bool| {
            label_place(
                |lines, sides| (lines, sides),
                |&(l, s)| !taken(l, s),
                |&(l, s)| hides(l, s),
            )
        };
        let nothing = |_: f32, _: f32| false;
        assert_eq!(place(&nothing, &nothing), Some((0.0, 0.0)));
        // Articles under the centre and the line above: one line down.
        assert_eq!(
            place(&nothing, &|l, _| l == 0.0 || l == -1.0),
            Some((1.0, 0.0))
        );
        // A line free of articles but taken by a label is not free.
        assert_eq!(
            place(&|l, _| l == 1.0, &|l, _| l == 0.0 || l == -1.0),
            Some((-2.0, 0.0))
        );
        // Articles everywhere within two lines: the centre, as without them.
        assert_eq!(place(&nothing, &|l, _| l.abs() <= 2.0), Some((0.0, 0.0)));
        assert_eq!(
            place(&|l, _| l == 0.0, &|l, _| l.abs() <= 2.0),
            Some((-1.0, 0.0))
        );
        assert_eq!(place(&|_, _| true, &nothing), None);
    }

    #[test]
    fn the_grid_tells_whether_a_rectangle_holds_a_point() {
        let points = [[10.0, 10.0], [50.0, 30.0], [99.0, 59.0]];
        let grid = PointGrid::new(points, [0.0, 0.0], [100.0, 60.0]);
        assert!(grid.any_within([5.0, 5.0], [15.0, 15.0]));
        assert!(grid.any_within([40.0, 20.0], [60.0, 40.0]));
        assert!(
            grid.any_within([90.0, 50.0], [200.0, 200.0]),
            "past the edge"
        );
        assert!(!grid.any_within([20.0, 0.0], [40.0, 60.0]));
        assert!(!grid.any_within([60.0, 0.0], [90.0, 50.0]));
        assert!(!grid.any_within([-50.0, -50.0], [-1.0, -1.0]), "outside");
        assert!(!grid.any_within([200.0, 0.0], [300.0, 60.0]), "outside");
        // Every point, as a tiny rectangle around it.
        for [x, y] in points {
            assert!(grid.any_within([x - 0.5, y - 0.5], [x + 0.5, y + 0.5]));
        }
        let empty = PointGrid::new([], [0.0, 0.0], [100.0, 60.0]);
        assert!(!empty.any_within([0.0, 0.0], [100.0, 60.0]));
    }
}
