import { Initial1732233600000 } from "./1732233600000-initial";
import { AliasClaimsAndOutbox1732320000000 } from "./1732320000000-alias-claims-and-outbox";

/** Every migration, oldest first; each one handles both dialects. */
export const MIGRATIONS = [Initial1732233600000, AliasClaimsAndOutbox1732320000000];
