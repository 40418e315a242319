#!/usr/bin/env bash
# Refreshes translations/roster_*.ts from the sources and fills English plural forms ("%n member(s)").
# New German strings arrive unfinished: translate them in Qt Linguist (or the .ts file) before committing,
# since the translations_complete test refuses an unfinished German string.
set -euo pipefail
cd "$(dirname "$0")/.."
/usr/lib/qt6/bin/lupdate -silent -locations none -no-obsolete $(git ls-files 'models/*.cpp' 'models/*.h' 'ui/*.cpp' 'ui/*.h' 'app/*.cpp' 'app/*.h') \
    -ts translations/roster_en.ts translations/roster_de.ts
python3 - <<'PY'
import re
path = 'translations/roster_en.ts'
text = open(path).read()
def forms(source):
    if source == 'Invitations sent to %n people.':
        return 'Invitation sent to %n person.', source
    if '%n people' in source:
        return source.replace('%n people', '%n person'), source
    return re.sub(r'(\w+)\((e?s)\)', r'\1', source), re.sub(r'(\w+)\((e?s)\)', r'\1\2', source)
def fill(match):
    block = match.group(0)
    one, many = forms(re.search(r'<source>(.*?)</source>', block, re.S).group(1))
    return re.sub(r'<translation( type="unfinished")?>.*?</translation>',
                  f'<translation><numerusform>{one}</numerusform><numerusform>{many}</numerusform></translation>',
                  block, flags=re.S)
open(path, 'w').write(re.sub(r'<message numerus="yes">.*?</message>', fill, text, flags=re.S))
PY
