/**
 * Choose an activity's organisers by name or e-mail from the people the conference knows
 * (a combobox with a listbox of matches: type 2+ characters, arrows to move, Enter to pick).
 * The value stays a list of user ids (subs); chosen people show as removable chips by name,
 * and organisers chosen before whose names this page never saw show their id.
 */
import { useEffect, useId, useState, type KeyboardEvent } from "react";

import type { ControlProps } from "@/components/Field";
import { useT } from "@/lib/i18n";

import { MIN_SEARCH_CHARS, usePeopleSearch, type Person } from "../api/people";

/** Wait for a pause in typing before searching: one request per word, not per keystroke. */
const TYPING_PAUSE_MS = 250;

type Props = {
  slug: string;
  value: string[];
  onChange: (subs: string[]) => void;
  control: ControlProps;
};

function useSettled(text: string): string {
  const [settled, setSettled] = useState(text);
  useEffect(() => {
    const timer = setTimeout(() => setSettled(text), TYPING_PAUSE_MS);
    return () => clearTimeout(timer);
  }, [text]);
  return settled;
}

export function OrganiserPicker({ slug, value, onChange, control }: Props) {
  const t = useT();
  const listId = useId();
  const [text, setText] = useState("");
  const [open, setOpen] = useState(false);
  const [active, setActive] = useState(-1);
  const [names, setNames] = useState<Record<string, string>>({});
  const search = usePeopleSearch(slug, useSettled(text));
  const searching = text.trim().length >= MIN_SEARCH_CHARS;
  const options = searching ? (search.data ?? []).filter((person) => !value.includes(person.sub)) : [];
  const expanded = open && searching && options.length > 0;

  const choose = (person: Person) => {
    setNames((known) => ({ ...known, [person.sub]: person.name || person.email || person.sub }));
    onChange([...value, person.sub]);
    setText("");
    setActive(-1);
    setOpen(false);
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      setOpen(true);
      if (options.length > 0) {
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive((index) => (index + step + options.length) % options.length);
      }
    } else if (event.key === "Enter" && expanded && options[active]) {
      event.preventDefault(); // picking a person must not submit the activity form
      choose(options[active]);
    } else if (event.key === "Escape" && expanded) {
      event.preventDefault();
      setOpen(false);
    }
  };

  let status = "";
  if (searching) {
    if (search.isError) status = t("organiserPicker.failed");
    else if (search.isFetching || !search.data) status = t("organiserPicker.searching");
    else status = t("organiserPicker.count", { count: options.length });
  }
  const optionId = (index: number) => `${listId}-${index}`;
  return (
    <div className="picker">
      {value.length === 0 ? (
        <p className="picker__empty">{t("organiserPicker.noneChosen")}</p>
      ) : (
        <ul className="picker__chips" aria-label={t("organiserPicker.chosen")}>
          {value.map((sub) => {
            const name = names[sub] ?? sub;
            return (
              <li key={sub} className="picker__chip">
                <span>{name}</span>
                <button type="button" className="picker__remove" aria-label={t("organiserPicker.remove", { name })}
                  onClick={() => onChange(value.filter((chosen) => chosen !== sub))}>
                  <span aria-hidden="true">×</span>
                </button>
              </li>
            );
          })}
        </ul>
      )}
      <input
        {...control}
        type="text"
        role="combobox"
        autoComplete="off"
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls={listId}
        {...(expanded && active >= 0 ? { "aria-activedescendant": optionId(active) } : {})}
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setActive(-1);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setOpen(false)}
      />
      <ul id={listId} role="listbox" aria-label={t("organiserPicker.results")} className="picker__options" hidden={!expanded}>
        {expanded
          ? options.map((person, index) => (
              <li key={person.sub} id={optionId(index)} role="option" aria-selected={index === active}
                className={index === active ? "picker__option picker__option--active" : "picker__option"}
                // mousedown, not click: the input's blur would close the list before the click lands
                onMouseDown={(event) => {
                  event.preventDefault();
                  choose(person);
                }}>
                <span className="picker__name">{person.name || person.sub}</span>
                {person.email ? <span className="picker__email">{person.email}</span> : null}
              </li>
            ))
          : null}
      </ul>
      <p role="status" className="picker__status">{status}</p>
    </div>
  );
}
