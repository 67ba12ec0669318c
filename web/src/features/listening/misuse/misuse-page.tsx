export function MisusePage() {
  return null;
}
