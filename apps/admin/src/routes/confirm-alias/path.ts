/** Where alias confirmation links point (the API builds them with the same path). */
export const CONFIRM_ALIAS_PATH = "/confirm-alias";
