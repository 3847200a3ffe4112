//! A tiny deterministic generator for the no-panic tests: they want varied,
//! repeatable input, not statistical quality, and no dependency.

/// Marsaglia's xorshift64.
pub(crate) struct XorShift(pub u64);

impl XorShift {
    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
}
