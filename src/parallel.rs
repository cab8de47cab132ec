//! Independent work on every core, results in the order of the items, so
//! that a parallel build gives the same bytes and messages as a sequential
//! one. `TRAME_FILS` (threads) chooses how many; `TRAME_FILS=1` runs
//! everything on the calling thread.

/// Stack of each render thread (address space, used only as deep as needed).
const WORKER_STACK: usize = 64 << 20;

/// `f` over `items` on every core, results in the order of `items`, so that
/// a parallel build gives the same bytes and messages as a sequential one.
/// `TRAME_FILS=1` (threads) runs everything on the calling thread.
pub fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::env::var("TRAME_FILS")
        .ok()
        .and_then(|v| v.parse::<usize>().ok())
        .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
        .clamp(1, items.len().max(1));
    if threads == 1 {
        return items.iter().map(&f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut results: Vec<(usize, R)> = std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                // The main thread's stack, not a spawned thread's smaller one:
                // rendering recurses as deep as the blueprints nest.
                std::thread::Builder::new()
                    .stack_size(WORKER_STACK)
                    .spawn_scoped(scope, || {
                        let mut done = Vec::new();
                        loop {
                            let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                            let Some(item) = items.get(i) else {
                                return done;
                            };
                            done.push((i, f(item)));
                        }
                    })
                    .expect("a render thread starts")
            })
            .collect();
        workers
            .into_iter()
            .flat_map(|w| w.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

/// [`parallel_map`], the items started in decreasing `cost` (equal costs in
/// their order); results in the order of `items`.
pub fn parallel_map_largest_first<T: Sync, R: Send>(
    items: &[T],
    cost: impl Fn(&T) -> u64,
    f: impl Fn(&T) -> R + Sync,
) -> Vec<R> {
    let mut order: Vec<usize> = (0..items.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(cost(&items[i])));
    let mut results: Vec<(usize, R)> = order
        .iter()
        .copied()
        .zip(parallel_map(&order, |&i| f(&items[i])))
        .collect();
    results.sort_by_key(|(i, _)| *i);
    results.into_iter().map(|(_, r)| r).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn largest_first_keeps_the_results_in_the_order_of_the_items() {
        let items = [3u64, 9, 1, 9, 4];
        let started = std::sync::Mutex::new(Vec::new());
        let out = parallel_map_largest_first(
            &items,
            |&x| x,
            |&x| {
                started.lock().unwrap().push(x);
                x * 10
            },
        );
        assert_eq!(out, vec![30, 90, 10, 90, 40]);
        let mut started = started.into_inner().unwrap();
        started.sort();
        assert_eq!(started, vec![1, 3, 4, 9, 9], "each item once");
    }
}
