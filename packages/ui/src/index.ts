export * from "./alert";
export * from "./button";
export * from "./card";
export * from "./text-field";
