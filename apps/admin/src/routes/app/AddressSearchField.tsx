import { Button } from "@postroom/ui";
import { useLocation, useNavigate } from "@tanstack/react-router";
import { useEffect, useRef, useState } from "react";
import type { FormEvent } from "react";
import { Input, Label, SearchField } from "react-aria-components";

/** True when a key press belongs to a field the user is typing in. */
function typingIn(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  return target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName);
}

/**
 * "Who owns this address?" from any page. `/` focuses it (as on GitHub and
 * Gmail) unless the user is already typing somewhere; Enter opens /search.
 */
export function AddressSearchField() {
  const navigate = useNavigate();
  const location = useLocation();
  const inputRef = useRef<HTMLInputElement>(null);
  const current = location.pathname === "/search" ? (new URLSearchParams(location.searchStr).get("address") ?? "") : "";
  const [value, setValue] = useState(current);

  useEffect(() => setValue(current), [current]);

  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      if (event.key !== "/" || event.ctrlKey || event.metaKey || event.altKey || typingIn(event.target)) return;
      event.preventDefault();
      inputRef.current?.focus();
    }
    document.addEventListener("keydown", onKeyDown);
    return () => document.removeEventListener("keydown", onKeyDown);
  }, []);

  function onSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const address = value.trim();
    if (address) void navigate({ to: "/search", search: { address } });
  }

  return (
    <form role="search" className="app-search" onSubmit={onSubmit}>
      <SearchField className="app-search__field" value={value} onChange={setValue}>
        <Label className="app-search__label">Who owns this address?</Label>
        <Input ref={inputRef} aria-keyshortcuts="/" className="pr-field__input app-search__input" placeholder="name@example.com   ( / )" />
      </SearchField>
      <Button type="submit" variant="secondary">
        Search
      </Button>
    </form>
  );
}
