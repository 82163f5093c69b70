"""Python's standard xmlrpc.client against Inkzee's XML-RPC endpoints (a peer nobody on the
project wrote). Driven by XmlRpcPythonPeerTest: argv = store port, ranker port. Talks to
127.0.0.1 only; every socket operation times out after 30 s.

A scenario first (real data through the store and the ranker, faults, system.multicall), then a
sweep that calls every method system.listMethods names, with arguments built from
system.methodHelp, so that no public method goes uncalled. Prints one JSON line with what it did;
any failed check raises, which exits non-zero with the traceback on stderr.
"""
import datetime
import json
import re
import socket
import sys
import time
import xmlrpc.client

socket.setdefaulttimeout(30)
STORE_PORT, RANKER_PORT = int(sys.argv[1]), int(sys.argv[2])
UNIQUE = str(int(time.time() * 1000))
called = {}   # method -> "ok" or the fault code
checks = 0


def proxy(port):
    return xmlrpc.client.ServerProxy("http://127.0.0.1:%d/RPC2" % port, allow_none=True)


def check(condition, what):
    global checks
    if not condition:
        raise AssertionError(what)
    checks += 1


def call(server, method, *params):
    """Calls method, records the outcome, returns the result or the Fault."""
    try:
        result = getattr(server, method)(*params)
        called[method] = "ok"
        return result
    except xmlrpc.client.Fault as fault:
        called[method] = fault.faultCode
        return fault


def expect_fault(result, code, what):
    check(isinstance(result, xmlrpc.client.Fault), what + ": expected a fault, got %r" % (result,))
    check(result.faultCode == code, what + ": fault code %d, wanted %d (%s)"
          % (result.faultCode, code, result.faultString))


store = proxy(STORE_PORT)
ranker = proxy(RANKER_PORT)

# --- introspection
store_methods = store.system.listMethods()
ranker_methods = ranker.system.listMethods()
check("store.ingestEntries" in store_methods, "store lists store.ingestEntries")
check("ranker.river" in ranker_methods, "ranker lists ranker.river")
check("system.multicall" in store_methods, "store lists system.multicall")
help_text = store.system.methodHelp("store.subscribe")
check("userId: i8" in help_text and "feedUrl: string" in help_text, "methodHelp describes fields")
check(store.system.methodSignature("store.subscribe") == [["struct", "struct"]], "signature")

# --- the store: users, subscriptions, ingest, entries (real data, unicode, dates, i8)
user = call(store, "store.createUser", {"name": "py-" + UNIQUE, "email": "py@example.org"})["user"]
check(isinstance(user["id"], int) and user["name"] == "py-" + UNIQUE, "createUser answers a user")
again = call(store, "store.getUser", {"name": "py-" + UNIQUE})
check(again["user"]["id"] == user["id"], "getUser by name finds the user")
expect_fault(call(store, "store.getUser", {"userId": 987654321}), 2, "getUser of an unknown id")
expect_fault(call(store, "store.getUser", {"userId": "seven"}), 1, "a string where an i8 goes")
try:
    store.store.noSuchMethod({})
    check(False, "an unknown method must fault")
except xmlrpc.client.Fault as fault:
    check(fault.faultCode == 6, "unknown method is UNIMPLEMENTED (6)")

feed_url = "https://py-%s.example/feed.xml" % UNIQUE
sub = call(store, "store.subscribe",
           {"userId": user["id"], "feedUrl": feed_url, "title": "Py feed", "folder": "tech",
            "priority": 1})["subscription"]
feed_id = sub["feedId"]
check(sub["feedUrl"] == feed_url and sub["folder"] == "tech", "subscribe answers the subscription")

published = datetime.datetime.now(datetime.timezone.utc).replace(microsecond=0, tzinfo=None)
published -= datetime.timedelta(hours=1)
filler = ("Reporters followed the story through the week and spoke with people on every side "
          "of it. The details below were confirmed by two independent sources. ")
entries = []
for i in range(3):
    entries.append({
        "entryKey": "py-%s-%d" % (UNIQUE, i),
        "guid": "py-%s-%d" % (UNIQUE, i),
        "url": "https://py-%s.example/%d" % (UNIQUE, i),
        "title": "Story %d: caf\u00e9 <b>&amp; \U0001F98A" % i,
        "author": "Py Writer",
        "summary": "Summary %d. %s" % (i, filler),
        "content": "<p>Story %d in detail. %s</p>" % (i, filler),
        "categories": ["news", "py"],
        "publishedAt": xmlrpc.client.DateTime(published - datetime.timedelta(minutes=i)),
        "fingerprint": 1000003 * (i + 1) * (7 if i == 2 else 1),
        "language": "en",
    })
ingested = call(store, "store.ingestEntries", {"feedId": feed_id, "entries": entries})
check(ingested["inserted"] == 3, "ingestEntries inserts three entries: %r" % (ingested,))
again = call(store, "store.ingestEntries", {"feedId": feed_id, "entries": entries})
check(again["inserted"] == 0 and again["unchanged"] == 3, "a repeated batch inserts nothing")

listed = call(store, "store.listEntries", {"feedIds": [feed_id], "limit": 10})["entries"]
check(len(listed) == 3, "listEntries finds three entries")
titles = sorted(e["title"] for e in listed)
check(titles[0] == "Story 0: caf\u00e9 <b>&amp; \U0001F98A", "unicode and markup survive: %r" % titles[0])
first = [e for e in listed if e["entryKey"].endswith("-0")][0]
check(str(first["publishedAt"]).startswith(published.strftime("%Y%m%dT%H:%M:%S")),
      "publishedAt comes back as the UTC dateTime sent: %s" % first["publishedAt"])
check(isinstance(first["publishedAt"], xmlrpc.client.DateTime), "dates are dateTime.iso8601")
check(first["categories"] == ["news", "py"], "arrays of strings survive")
got = call(store, "store.getEntries", {"ids": [first["id"]], "withoutContent": True})["entries"]
check(len(got) == 1 and got[0]["id"] == first["id"], "getEntries by id")
check("content" not in got[0], "withoutContent leaves content out (absent, not nil)")
since = call(store, "store.entriesSince", {"afterSequence": 0, "limit": 1000})
check(since["lastSequence"] >= first["sequence"], "entriesSince reaches our entries")

# --- system.multicall: results in order, a fault in place of a failed call
multi = xmlrpc.client.MultiCall(store)
multi.store.getUser({"userId": user["id"]})
multi.store.getUser({"userId": 987654321})
multi.store.listSubscriptions({"userId": user["id"]})
results = multi()
check(results[0]["user"]["name"] == "py-" + UNIQUE, "multicall's first result")
try:
    results[1]
    check(False, "multicall's second call must fault")
except xmlrpc.client.Fault as fault:
    check(fault.faultCode == 2, "multicall reports NOT_FOUND in place")
check(results[2]["subscriptions"][0]["feedId"] == feed_id, "multicall's third result")
called["system.multicall"] = "ok"

# --- the ranker: follow, then the river and the digest, once the tail has brought the entries
rsub = call(ranker, "ranker.subscribe",
            {"userId": user["id"], "feedUrl": feed_url, "title": "Py feed", "priority": 2})
check(rsub["subscription"]["feedId"] == feed_id, "the ranker's subscribe is the store's")
items = []
deadline = time.time() + 20
while time.time() < deadline:
    items = call(ranker, "ranker.river", {"userId": user["id"], "limit": 20})["items"]
    if len(items) >= 3:
        break
    time.sleep(0.1)
check(len(items) == 3, "the river shows the three entries: %d" % len(items))
check(all(isinstance(it["score"], float) for it in items), "scores are doubles")
check(set(it["feedId"] for it in items) == {feed_id}, "items carry their feed")
digest = call(ranker, "ranker.digest", {"userId": user["id"], "minutes": 10})
check(len(digest["items"]) >= 1, "the digest has items")
expect_fault(call(ranker, "ranker.river", {"userId": user["id"], "limit": 0, "order": "SIDEWAYS"}),
             1, "an unknown enum constant")
expect_fault(call(ranker, "ranker.river", {"userId": 987654321, "limit": 5}), 2,
             "the river of an unknown user")
marked = call(ranker, "ranker.setEntryStates",
              {"userId": user["id"], "entryIds": [items[0]["entryId"]], "read": True})
check(not isinstance(marked, xmlrpc.client.Fault), "setEntryStates: %r" % (marked,))

# --- the sweep: every other method, with arguments read from system.methodHelp
def sample(name, kind, ids):
    lower = name.lower()
    if kind.startswith("array"):
        return [ids["entry"]] if "entryids" in lower else []
    if kind.startswith("struct"):
        return {}
    if kind.startswith("string ("):
        return kind[len("string ("):].split(",")[0].strip(" )")
    if kind == "i8" or kind == "int":
        if "wait" in lower:
            return 0
        if lower == "userid":
            return ids["user"]
        if lower == "feedid":
            return ids["feed"]
        if lower in ("entryid", "id"):
            return ids["entry"]
        return 5
    if kind == "boolean":
        return False
    if kind == "double":
        return 1.0
    if kind == "dateTime.iso8601":
        return xmlrpc.client.DateTime(published)
    if kind == "base64":
        return xmlrpc.client.Binary(b"sweep")
    if "url" in lower:
        return "https://sweep-%s.example/feed.xml" % UNIQUE
    return "sweep-" + UNIQUE


def request_fields(server, method):
    text = server.system.methodHelp(method)
    part = text.split("\nrequest ", 1)[1].split("\nresponse ", 1)[0]
    return re.findall(r"^  (\w+): (.+)$", part, re.M)


ids = {"user": user["id"], "feed": feed_id, "entry": first["id"]}
swept = 0
for server, methods in ((store, store_methods), (ranker, ranker_methods)):
    for method in methods:
        if method.startswith("system.") or method in called:
            continue
        args = {name: sample(name, kind, ids) for name, kind in request_fields(server, method)}
        outcome = call(server, method, args)
        if isinstance(outcome, xmlrpc.client.Fault):
            check(outcome.faultCode not in (0, 8),
                  "%s(%r) must not fail inside: %s" % (method, args, outcome.faultString))
            check(outcome.faultString.split(":")[0].isupper(), "faultString names the status")
        swept += 1

everything = set(m for m in store_methods + ranker_methods if not m.startswith("system."))
check(everything <= set(called), "every method was called: missing %s" % (everything - set(called)))
print(json.dumps({"checks": checks, "swept": swept, "called": called}, sort_keys=True))
