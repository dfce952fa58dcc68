#!/usr/bin/env bash
# npm run release -- X.Y.Z: tag a release and move the major tag. Pushes nothing.
set -euo pipefail
cd "$(dirname "$0")/.."

version="${1:-}"
if ! [[ "$version" =~ ^[0-9]+\.[0-9]+\.[0-9]+$ ]]; then
  echo "usage: npm run release -- X.Y.Z (for example 1.0.1)" >&2
  exit 2
fi
major="v${version%%.*}"
if [ -n "$(git status --porcelain)" ]; then
  echo "the working tree has changes; commit or stash them first" >&2
  exit 1
fi
if git rev-parse -q --verify "refs/tags/v$version" >/dev/null; then
  echo "tag v$version exists already" >&2
  exit 1
fi
if ! grep -q "^## \[$version\]" CHANGELOG.md; then
  echo "CHANGELOG.md has no '## [$version]' entry; add one first" >&2
  exit 1
fi

npm version "$version" --no-git-tag-version --allow-same-version >/dev/null
sed -i.bak "s/^export const VERSION = '.*'/export const VERSION = '$version'/" src/version.ts && rm -f src/version.ts.bak
npm run build
git add package.json package-lock.json src/version.ts dist
git commit -m "Release v$version"
git tag -a "v$version" -m "v$version"
git tag -f -a "$major" -m "$major (points at v$version)"
echo "Tagged v$version and moved $major. Publish with:"
echo "  git push origin HEAD v$version && git push --force origin $major"
