/**
 * The few words shown before a catalog has arrived (or when it cannot): while the app starts and
 * if it cannot start. Kept here, in both languages, so the first paint needs no catalog.
 */
import type { Locale } from "./locales";

export const BOOT_MESSAGES: Record<Locale, { starting: string; failed: string; noConfig: string; retry: string }> = {
  en: {
    starting: "Starting…",
    failed: "The app could not start",
    noConfig: "The configuration could not be loaded.",
    retry: "Try again",
  },
  es: {
    starting: "Iniciando…",
    failed: "No se pudo iniciar la aplicación",
    noConfig: "No se pudo cargar la configuración.",
    retry: "Reintentar",
  },
};
