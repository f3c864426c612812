"""Parses a report e-mail with Python's email package (policy=default) and checks its structure:
multipart/alternative with text/plain first, then multipart/related holding text/html and an image/png whose
Content-ID the HTML references as cid:. Prints one JSON line; exit 1 with the reason when a check fails."""
import email, email.policy, json, re, sys

with open(sys.argv[1], 'rb') as f:
    msg = email.message_from_binary_file(f, policy=email.policy.default)
out = {"subject": str(msg["subject"]), "type": msg.get_content_type()}
assert msg.get_content_type() == "multipart/alternative", out
parts = list(msg.iter_parts())
assert parts[0].get_content_type() == "text/plain", parts[0].get_content_type()
related = parts[1]
assert related.get_content_type() == "multipart/related", related.get_content_type()
html_part, *images = list(related.iter_parts())
assert html_part.get_content_type() == "text/html"
html = html_part.get_content()
cids = re.findall(r'src="cid:([^"]+)"', html)
assert cids, "no cid: image in the HTML"
for cid in cids:
    img = [p for p in images if p["Content-ID"] == "<" + cid + ">"]
    assert img, "no part with Content-ID <%s>" % cid
    data = img[0].get_content()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    out["png_bytes"] = len(data)
out["html_bytes"] = len(html.encode("utf-8"))
out["text"] = parts[0].get_content()[:200]
print(json.dumps(out))
