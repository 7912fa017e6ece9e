import { cleanup } from "@testing-library/react";
import { afterEach } from "vitest";

import { activate } from "@/lib/i18n";
import en from "@/lib/i18n/messages/en.json";

// Components render in English unless a test switches (the app loads a catalog before rendering).
activate("en", en);

afterEach(() => {
  cleanup();
  localStorage.clear();
  sessionStorage.clear();
});
