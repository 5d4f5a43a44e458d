// Imported first by tests of the snapshot path: campaigns whose last fit saw more than 20 reviews decide from their
// snapshot. getEnv() reads and caches the environment when the first module that needs it loads.
process.env.CONSENSUS_INLINE_FIT_MAX_REVIEWS = "20";
