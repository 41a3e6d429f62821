import { Initial1732233600000 } from "./1732233600000-initial";

/** Every migration, oldest first; each one handles both dialects. */
export const MIGRATIONS = [Initial1732233600000];
