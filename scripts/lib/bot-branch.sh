# shellcheck shell=bash
# Sourced by scripts/publish-run and scripts/stats-run: a folder of the work tree kept on its
# own branch, committed as the bot and pushed, re-applied on top if the branch moved.
#
# The caller sets, before sourcing:
#   RUN      its name, first word of each line it prints (publish-run, stats-run)
#   REMOTE   the remote to fetch from and push to
# and may set $NEWSROOM_BOT_NAME / $NEWSROOM_BOT_EMAIL (the bot's identity) and $GITHUB_TOKEN
# (used for fetch and push; the checkout keeps no credential).

export GIT_AUTHOR_NAME=${NEWSROOM_BOT_NAME:-github-actions[bot]}
export GIT_AUTHOR_EMAIL=${NEWSROOM_BOT_EMAIL:-41898282+github-actions[bot]@users.noreply.github.com}
export GIT_COMMITTER_NAME=$GIT_AUTHOR_NAME GIT_COMMITTER_EMAIL=$GIT_AUTHOR_EMAIL

remote_git() { # git with the token as an HTTP header, never written to .git/config
  if [ -n "${GITHUB_TOKEN:-}" ]; then
    local basic
    basic=$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)
    git -c "http.https://github.com/.extraheader=AUTHORIZATION: basic $basic" "$@"
  else
    git "$@"
  fi
}

fetch_branch() { # $1 branch, $2 local ref: prints the commit, or nothing when it does not exist
  if remote_git fetch --quiet "$REMOTE" "+refs/heads/$1:$2" 2>/dev/null; then
    git rev-parse "$2"
  fi
}

take_folder() { # $1 commit, $2 folder: the work tree's folder becomes the commit's
  rm -rf "$2"
  if git cat-file -e "$1:$2" 2>/dev/null; then
    git archive "$1" "$2" | tar -x
  fi
}

# $1 branch, $2 local ref, $3 folder, $4 what the folder is, $5 what a missing branch means:
# the work tree's folder becomes the branch's. Sets $parent: the branch's commit, or empty.
take_branch_folder() {
  parent=$(fetch_branch "$1" "$2")
  if [ -n "$parent" ]; then
    take_folder "$parent" "$3"
    echo "$RUN: $4 from $1 at ${parent:0:12}"
  else
    echo "$RUN: no $1 branch yet: $5"
  fi
}

tree_of_folder() { # $1 folder: the tree holding the work tree's folder and nothing else
  local index
  index=$(mktemp -u)
  GIT_INDEX_FILE=$index git read-tree --empty
  GIT_INDEX_FILE=$index git add "$1" # the folder's own .gitignore keeps temporary files out
  GIT_INDEX_FILE=$index git write-tree
  rm -f "$index"
}

# $1 tree, $2 parent commit (empty for a new branch), $3 message, $4 branch, $5 local ref,
# $6 what the folder is ("ledger", "archive"): commit and push, re-applying the change on
# the branch's new head when another run pushed first. Returns 1 when it could not.
push_folder_commit() {
  local tree=$1 parent=$2 message=$3 branch=$4 ref=$5 what=$6 commit base index attempt
  commit=$(git commit-tree "$tree" ${parent:+-p "$parent"} -m "$message")
  for attempt in 1 2 3 4 5; do
    if remote_git push --quiet "$REMOTE" "$commit:refs/heads/$branch"; then
      echo "$RUN: $what committed to $branch (${commit:0:12})"
      return 0
    fi
    echo "$RUN: $branch moved (attempt $attempt): re-applying the $what commit on top"
    sleep "$attempt"
    base=$(fetch_branch "$branch" "$ref")
    index=$(mktemp -u)
    GIT_INDEX_FILE=$index git read-tree "$base"
    if ! git diff --binary "${parent:-$(git hash-object -t tree /dev/null)}" "$commit" |
      GIT_INDEX_FILE=$index git apply --cached; then
      rm -f "$index"
      echo "::error::the $what could not be re-applied on $branch: commit $commit holds this run's records; merge it by hand before the next run"
      remote_git push --quiet "$REMOTE" "$commit:refs/heads/$branch-conflict-${GITHUB_RUN_ID:-local}" || true
      return 1
    fi
    tree=$(GIT_INDEX_FILE=$index git write-tree)
    rm -f "$index"
    parent=$base
    commit=$(git commit-tree "$tree" -p "$parent" -m "$message")
  done
  echo "::error::the $what could not be pushed to $branch after 5 attempts (commit $commit)"
  return 1
}
