package com.inkzee.rpc.api.store;

/**
 * How a filter's pattern is matched (new in 1.3; absent, as on filters made before, means {@code
 * KEYWORD}).
 *
 * <ul>
 *   <li>{@code KEYWORD}: the pattern is a list of words (separated by spaces or commas) and any one
 *       of them occurs in the field as a whole word, ignoring case and accents ({@code "crypto,
 *       nft"} blocks both; to require several words together use PHRASE or REGEX);
 *   <li>{@code PHRASE}: the pattern's words occur in the field in that order, adjacent, ignoring
 *       case;
 *   <li>{@code REGEX}: the pattern is a regular expression in RE2 syntax (no backreferences or
 *       lookaround, so matching is linear in the text) found anywhere in the field; the store
 *       refuses a pattern that does not compile.
 * </ul>
 */
public enum FilterMatch {
  KEYWORD,
  PHRASE,
  REGEX
}
