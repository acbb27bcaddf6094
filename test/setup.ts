// Property tests run with one fixed seed, so every run of the suite is the same run; set FC_SEED to explore
// others (fast-check prints the seed and path of any failure, which reproduce it).
import fc from 'fast-check';

const seed = Number(process.env.FC_SEED ?? 20261125);
fc.configureGlobal({ seed });
