//! Sort-Object (`sort`): sorts the input by properties (names or calculated, each optionally descending),
//! case-insensitively unless `-CaseSensitive`; `-Unique` keeps the first of each run of equal keys.
//!
//! As Windows PowerShell 5.1 does it: keys compared by ObjectCommandComparer (`$null` is 0 among numbers and
//! first among other values; an object without the property sorts last whatever the order), and the order of
//! equal keys is what .NET Framework's `List.Sort` (introspective sort, not stable) leaves, so `-Unique` keeps
//! the same one PowerShell keeps.

use crate::script::cmdlet::Example;
use crate::script::culture::Culture;
use crate::script::params::ParameterInfo;
use crate::script::value::Value;

use std::cmp::Ordering;

use super::property::{PropSpec, Source, column_value, expand, parse_specs};
use super::{CollectStage, UArgs, UtilityInfo};
use crate::script::eval::compare::object_compare;
use crate::script::eval::flow::Res;
use crate::script::eval::interp::Interp;
use crate::script::eval::interp::Stage;
use crate::script::eval::members::get_member;

pub(crate) static INFO: UtilityInfo = UtilityInfo {
    name: "Sort-Object",
    aliases: &["sort"],
    synopsis: "Sorts objects by property values.",
    params: &[
        ParameterInfo::value("Property", "Object[]")
            .position(0)
            .help("Properties to sort by: names or @{e={...}; Descending=$true}."),
        ParameterInfo::switch("Descending").help("Sorts in descending order."),
        ParameterInfo::switch("Unique").help("Keeps one object of each sort key."),
        ParameterInfo::switch("CaseSensitive").help("Sorts text case-sensitively."),
        ParameterInfo::value("InputObject", "PSObject")
            .piped()
            .help("The objects to sort."),
    ],
    examples: &[Example {
        title: "Devices by model, newest sync first within a model",
        input: "Get-MobileDevice | Sort-Object DeviceModel, @{e='FriendlyName'; Descending=$true} | Select-Object DeviceModel, FriendlyName",
        output: r#"DeviceModel                 FriendlyName
-----------                 ------------
iPhone6C2                   Bob's iPhone
iPhone6C2                   Alice's iPhone
Outlook for iOS and Android Bob's phone
SM-G991B                    Galaxy S21"#,
    }],
    build,
};

/// One sort key of one object: `None` when the object has no such property.
type Key = Option<Value>;

/// A key: a property the object has (or a script block's result), or none.
fn key(it: &mut Interp<'_>, source: &Source, v: &Value) -> Res<Key> {
    if let Source::Name(n) = source {
        let has = match v {
            Value::Object(o) => o.get(n).is_some() || !get_member(v, n, it.culture()).is_null(),
            Value::Hashtable(_) => true,
            _ => !get_member(v, n, it.culture()).is_null(),
        };
        if !has {
            return Ok(None);
        }
    }
    Ok(Some(column_value(it, source, v)?))
}

/// ObjectCommandComparer over the keys: each key in its order, a missing property after any value.
fn compare_keys(a: &[Key], b: &[Key], descending: &[bool], cs: bool, c: &Culture) -> Ordering {
    for (i, desc) in descending.iter().enumerate() {
        let o = match (&a[i], &b[i]) {
            (Some(x), Some(y)) => {
                let o = object_compare(x, y, cs, c);
                if *desc { o.reverse() } else { o }
            }
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => Ordering::Equal,
        };
        if o != Ordering::Equal {
            return o;
        }
    }
    Ordering::Equal
}

fn build(it: &mut Interp<'_>, mut args: UArgs) -> Res<Box<dyn Stage>> {
    let culture = it.culture();
    let specs: Vec<PropSpec> = match args.take("Property") {
        Some(p) => parse_specs(&p, &["Descending", "Ascending"])?,
        None => Vec::new(),
    };
    let descending = args.switch("Descending");
    let unique = args.switch("Unique");
    let cs = args.switch("CaseSensitive");
    let input = args.take("InputObject");
    Ok(Box::new(CollectStage::new(
        move |it: &mut Interp<'_>, items: Vec<Value>, out: &mut Vec<Value>| -> Res<()> {
            let items = super::input_or(items, input);
            let columns = expand(&specs, &items);
            let mut keyed: Vec<(Vec<Key>, Value)> = Vec::with_capacity(items.len());
            for v in items {
                let mut keys = Vec::with_capacity(columns.len().max(1));
                if columns.is_empty() {
                    keys.push(Some(v.clone()));
                }
                for c in &columns {
                    keys.push(key(it, &c.source, &v)?);
                }
                keyed.push((keys, v));
            }
            let order: Vec<bool> = if columns.is_empty() {
                vec![descending]
            } else {
                columns
                    .iter()
                    .map(|c| c.descending.unwrap_or(descending))
                    .collect()
            };
            introsort(&mut keyed, &|a, b| {
                compare_keys(&a.0, &b.0, &order, cs, culture)
            });
            if unique {
                keyed.dedup_by(|later, kept| {
                    compare_keys(&kept.0, &later.0, &order, cs, culture) == Ordering::Equal
                });
            }
            out.extend(keyed.into_iter().map(|(_, v)| v));
            Ok(())
        },
    )))
}

/// .NET Framework's `ArraySortHelper<T>.IntrospectiveSort` (what `List<T>.Sort` runs), step for step, so equal
/// keys end up in the order PowerShell 5.1 leaves them: insertion sort up to 16 items (with its special cases for
/// 2 and 3), median-of-three quicksort partitions above, heapsort past the depth limit.
fn introsort<T>(keys: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering) {
    if keys.len() < 2 {
        return;
    }
    let depth = 2 * floor_log2(keys.len());
    intro(keys, 0, keys.len() - 1, depth, cmp);
}

/// IntrospectiveSortUtilities.FloorLog2 (which counts the bits).
fn floor_log2(mut n: usize) -> usize {
    let mut result = 0;
    while n >= 1 {
        result += 1;
        n /= 2;
    }
    result
}

fn swap_if_greater<T>(keys: &mut [T], cmp: &dyn Fn(&T, &T) -> Ordering, a: usize, b: usize) {
    if a != b && cmp(&keys[a], &keys[b]) == Ordering::Greater {
        keys.swap(a, b);
    }
}

fn intro<T>(
    keys: &mut [T],
    lo: usize,
    mut hi: usize,
    mut depth: usize,
    cmp: &dyn Fn(&T, &T) -> Ordering,
) {
    while hi > lo {
        let size = hi - lo + 1;
        if size <= 16 {
            match size {
                1 => {}
                2 => swap_if_greater(keys, cmp, lo, hi),
                3 => {
                    swap_if_greater(keys, cmp, lo, hi - 1);
                    swap_if_greater(keys, cmp, lo, hi);
                    swap_if_greater(keys, cmp, hi - 1, hi);
                }
                _ => insertion_sort(keys, lo, hi, cmp),
            }
            return;
        }
        if depth == 0 {
            heapsort(keys, lo, hi, cmp);
            return;
        }
        depth -= 1;
        let p = pick_pivot_and_partition(keys, lo, hi, cmp);
        intro(keys, p + 1, hi, depth, cmp);
        if p == 0 {
            return;
        }
        hi = p - 1;
    }
}

fn pick_pivot_and_partition<T>(
    keys: &mut [T],
    lo: usize,
    hi: usize,
    cmp: &dyn Fn(&T, &T) -> Ordering,
) -> usize {
    let middle = lo + ((hi - lo) >> 1);
    swap_if_greater(keys, cmp, lo, middle);
    swap_if_greater(keys, cmp, lo, hi);
    swap_if_greater(keys, cmp, middle, hi);
    keys.swap(middle, hi - 1);
    let pivot = hi - 1;
    let (mut left, mut right) = (lo, hi - 1);
    while left < right {
        left += 1;
        while cmp(&keys[left], &keys[pivot]) == Ordering::Less {
            left += 1;
        }
        right -= 1;
        while cmp(&keys[pivot], &keys[right]) == Ordering::Less {
            right -= 1;
        }
        if left >= right {
            break;
        }
        keys.swap(left, right);
    }
    keys.swap(left, hi - 1);
    left
}

fn insertion_sort<T>(keys: &mut [T], lo: usize, hi: usize, cmp: &dyn Fn(&T, &T) -> Ordering) {
    for i in lo..hi {
        // keys[i + 1] moves down past every greater key before it (.NET shifts them up one by one).
        let mut j = i + 1;
        while j > lo && cmp(&keys[i + 1], &keys[j - 1]) == Ordering::Less {
            j -= 1;
        }
        keys[j..=i + 1].rotate_right(1);
    }
}

fn heapsort<T>(keys: &mut [T], lo: usize, hi: usize, cmp: &dyn Fn(&T, &T) -> Ordering) {
    let n = hi - lo + 1;
    for i in (1..=n / 2).rev() {
        down_heap(keys, i, n, lo, cmp);
    }
    for i in (2..=n).rev() {
        keys.swap(lo, lo + i - 1);
        down_heap(keys, 1, i - 1, lo, cmp);
    }
}

fn down_heap<T>(
    keys: &mut [T],
    mut i: usize,
    n: usize,
    lo: usize,
    cmp: &dyn Fn(&T, &T) -> Ordering,
) {
    // .NET keeps the moving element aside; swapping it down visits the same positions.
    while i <= n / 2 {
        let mut child = 2 * i;
        if child < n && cmp(&keys[lo + child - 1], &keys[lo + child]) == Ordering::Less {
            child += 1;
        }
        if cmp(&keys[lo + i - 1], &keys[lo + child - 1]) != Ordering::Less {
            break;
        }
        keys.swap(lo + i - 1, lo + child - 1);
        i = child;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn introsort_sorts_and_leaves_equal_keys_as_dotnet_does() {
        // Three items: the special case swaps lo/hi when they compare greater, reordering equal keys.
        let mut v = vec![(1, 'a'), (1, 'b'), (0, 'c')];
        introsort(&mut v, &|a, b| b.0.cmp(&a.0));
        assert_eq!(v, [(1, 'a'), (1, 'b'), (0, 'c')]);
        let mut v = vec![("smith", 'a'), ("smith", 'b'), ("smyth", 'c')];
        introsort(&mut v, &|a, b| b.0.cmp(a.0));
        assert_eq!(v, [("smyth", 'c'), ("smith", 'b'), ("smith", 'a')]);
        let mut big: Vec<i64> = (0..1000).map(|i| (i * 7919) % 1000).collect();
        introsort(&mut big, &|a, b| a.cmp(b));
        assert!(big.windows(2).all(|w| w[0] <= w[1]));
    }
}
