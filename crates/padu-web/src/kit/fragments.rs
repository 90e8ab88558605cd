//! Parts of a page made from a model the application layer caches (a period dashboard, an
//! overview): charts and tables cost most of such a page's CPU (an SVG per aspect, hundreds of
//! formatted values), and are the same for every request while the model is the same `Arc`.
//! A feature keeps a [`Fragments`] in a type of its own (`App::part`), keyed by the model, the
//! language and whatever else the part depends on.

use std::sync::{Arc, Mutex};

use padu_app::kit::i18n::Lang;

/// Parts made lately, the oldest first.
pub struct Fragments<M, E, T> {
    entries: Mutex<Vec<Entry<M, E, T>>>,
    capacity: usize,
}

impl<M, E, T> std::fmt::Debug for Fragments<M, E, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fragments")
            .field("kept", &self.lock().len())
            .field("capacity", &self.capacity)
            .finish()
    }
}

struct Entry<M, E, T> {
    model: Arc<M>,
    lang: Lang,
    extra: E,
    made: Arc<T>,
}

impl<M, E: PartialEq, T> Fragments<M, E, T> {
    pub fn new(capacity: usize) -> Self {
        Fragments {
            entries: Mutex::new(Vec::new()),
            capacity,
        }
    }

    /// The part of `model` in `lang` with `extra`: kept, else made by `make` and kept. Parts of
    /// models that `replaces` says the new model stands for (the same period read anew) go.
    pub fn get_or_make(
        &self,
        model: &Arc<M>,
        lang: Lang,
        extra: E,
        replaces: impl Fn(&M) -> bool,
        make: impl FnOnce() -> T,
    ) -> Arc<T> {
        {
            let entries = self.lock();
            if let Some(e) = entries
                .iter()
                .find(|e| Arc::ptr_eq(&e.model, model) && e.lang == lang && e.extra == extra)
            {
                return Arc::clone(&e.made);
            }
        }
        let made = Arc::new(make());
        let mut entries = self.lock();
        entries.retain(|e| Arc::ptr_eq(&e.model, model) || !replaces(&e.model));
        if entries.len() >= self.capacity {
            entries.remove(0);
        }
        entries.push(Entry {
            model: Arc::clone(model),
            lang,
            extra,
            made: Arc::clone(&made),
        });
        made
    }
}

impl<M, E, T> Fragments<M, E, T> {
    fn lock(&self) -> std::sync::MutexGuard<'_, Vec<Entry<M, E, T>>> {
        // a panic while holding the lock leaves a list that is still whole
        self.entries.lock().unwrap_or_else(|e| e.into_inner())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_part_is_made_once_per_model_language_and_extra() {
        let f: Fragments<i64, bool, String> = Fragments::new(4);
        let a = Arc::new(1);
        let made = std::cell::Cell::new(0);
        let make = || {
            made.set(made.get() + 1);
            "svg".to_string()
        };
        f.get_or_make(&a, Lang::Id, true, |_| false, make);
        f.get_or_make(&a, Lang::Id, true, |_| false, make);
        assert_eq!(made.get(), 1);
        f.get_or_make(&a, Lang::En, true, |_| false, make);
        f.get_or_make(&a, Lang::Id, false, |_| false, make);
        assert_eq!(made.get(), 3);
        // the same period read anew: a new model replaces the old one's parts
        let b = Arc::new(1);
        f.get_or_make(&b, Lang::Id, true, |m| *m == 1, make);
        assert_eq!(made.get(), 4);
        assert_eq!(f.lock().len(), 1, "the old model's parts went");
        // at most the capacity
        for i in 10..20 {
            f.get_or_make(&Arc::new(i), Lang::Id, true, |_| false, make);
        }
        assert_eq!(f.lock().len(), 4);
    }
}
