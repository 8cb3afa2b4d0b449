-- The version about to be kept (the file this state replaces) with its content's SHA-256.
insert or replace into kept_versions (name, sha256, size) values ($name, $sha256, $size)
