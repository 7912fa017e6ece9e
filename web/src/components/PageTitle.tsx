/** The page's h1, and the document title screen readers announce on navigation. */
import { useEffect } from "react";

export function PageTitle({ children, title }: { children: string; title?: string }) {
  useEffect(() => {
    document.title = title ?? children;
  }, [children, title]);
  return <h1 tabIndex={-1}>{children}</h1>;
}
