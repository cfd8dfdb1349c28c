//! Edit distance for typo tolerance.

/// The optimal-string-alignment distance between `a` and `b` (insertions, deletions,
/// substitutions and swaps of neighbours each cost 1), or `None` when it exceeds `max`.
pub fn within(a: &str, b: &str, max: usize) -> Option<usize> {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    if a.len().abs_diff(b.len()) > max {
        return None;
    }
    let width = b.len() + 1;
    let mut rows = vec![vec![0usize; width]; 3];
    rows[1].iter_mut().enumerate().for_each(|(j, cell)| *cell = j);
    for i in 1..=a.len() {
        let (current, previous, before) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        rows[current][0] = i;
        let mut best = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (rows[previous][j] + 1).min(rows[current][j - 1] + 1).min(rows[previous][j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(rows[before][j - 2] + 1);
            }
            rows[current][j] = d;
            best = best.min(d);
        }
        if best > max {
            return None;
        }
    }
    Some(rows[a.len() % 3][b.len()]).filter(|&d| d <= max)
}

/// How many typos a word of `len` letters may have: 1 from 4 letters, 2 from 8.
pub fn allowed_typos(len: usize) -> usize {
    match len {
        0..=3 => 0,
        4..=7 => 1,
        _ => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_of_distances() {
        let cases = [
            ("refund", "refund", 2, Some(0)),
            ("refnud", "refund", 1, Some(1)),
            ("pacel", "parcel", 1, Some(1)),
            ("refunds", "refund", 1, Some(1)),
            ("screnshots", "screenshots", 2, Some(1)),
            ("evidnce", "evidence", 1, Some(1)),
            ("refund", "return", 1, None),
            ("abc", "abcdef", 2, None),
        ];
        for (a, b, max, expected) in cases {
            assert_eq!(within(a, b, max), expected, "{a} {b}");
        }
        assert_eq!((allowed_typos(3), allowed_typos(4), allowed_typos(8)), (0, 1, 2));
    }
}
