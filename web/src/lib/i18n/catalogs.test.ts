/** Both catalogs hold the same messages, every one valid ICU with the same arguments and tags. */
import { parse, TYPE, type MessageFormatElement } from "@formatjs/icu-messageformat-parser";
import { describe, expect, it } from "vitest";

import { BOOT_MESSAGES } from "./boot";
import en from "./messages/en.json";
import es from "./messages/es.json";

/** The argument and tag names a message uses (ICU `{name}`, plural/select, `<tag>`). */
function argumentsOf(elements: MessageFormatElement[], into = new Set<string>()): Set<string> {
  for (const element of elements) {
    if (element.type === TYPE.literal || element.type === TYPE.pound) continue;
    into.add(element.value);
    if (element.type === TYPE.plural || element.type === TYPE.select) {
      for (const option of Object.values(element.options)) argumentsOf(option.value, into);
    }
    if (element.type === TYPE.tag) argumentsOf(element.children, into);
  }
  return into;
}

describe("message catalogs", () => {
  it("have the same keys in English and Spanish", () => {
    const english = Object.keys(en).sort();
    const spanish = Object.keys(es).sort();
    expect(english.filter((key) => !spanish.includes(key)), "missing in es.json").toEqual([]);
    expect(spanish.filter((key) => !english.includes(key)), "missing in en.json").toEqual([]);
  });

  it("are valid ICU messages with the same arguments in both languages", () => {
    const problems: string[] = [];
    for (const [key, english] of Object.entries(en)) {
      const spanish = (es as Record<string, string>)[key] ?? "";
      try {
        const want = [...argumentsOf(parse(english))].sort();
        const got = [...argumentsOf(parse(spanish))].sort();
        if (want.join() !== got.join()) problems.push(`${key}: en uses {${want.join(", ")}}, es {${got.join(", ")}}`);
        if (!spanish.trim()) problems.push(`${key}: empty in es.json`);
      } catch (error) {
        problems.push(`${key}: ${String(error)}`);
      }
    }
    expect(problems).toEqual([]);
  });

  it("have the start-up words in both languages", () => {
    expect(Object.keys(BOOT_MESSAGES.es).sort()).toEqual(Object.keys(BOOT_MESSAGES.en).sort());
  });
});
