const ENTITIES: Readonly<Record<string, string>> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

/** Text for HTML content and quoted attribute values: every markup character becomes an entity. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ENTITIES[ch] ?? ch);
}

/** Escaped text with its line breaks kept as <br> (主な取組 are one item per line). */
export function escapeLines(text: string): string {
  return text.split('\n').map(escapeHtml).join('<br>');
}
