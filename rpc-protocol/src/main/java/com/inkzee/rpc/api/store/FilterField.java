package com.inkzee.rpc.api.store;

/** Which part of an entry a filter pattern is matched against. */
public enum FilterField {
  ANY,
  TITLE,
  CONTENT,
  AUTHOR,
  URL,
  CATEGORY
}
