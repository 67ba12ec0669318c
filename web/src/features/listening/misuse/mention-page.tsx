export function MentionPage() {
  return null;
}
