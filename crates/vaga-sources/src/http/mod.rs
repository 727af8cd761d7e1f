//! The polite HTTP client every source is fetched through.
