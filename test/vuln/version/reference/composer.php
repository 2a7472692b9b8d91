<?php
// Reference for the Composer comparator.
// usage: php composer.php MODE PAIRS_FILE
//   MODE=raw:      version_compare(a, b) on the strings as given
//   MODE=composer: Composer\Semver VersionParser::normalize both, then Comparator (2 if either
//                  is rejected or is a dev- branch, which Composer does not order)
$mode = $argv[1];
if ($mode === 'composer') {
    foreach (['/usr/share/php/Composer/Semver/autoload.php', __DIR__ . '/../../../../vendor/autoload.php'] as $f) {
        if (is_file($f)) { require $f; break; }
    }
    $parser = new Composer\Semver\VersionParser();
}
$out = [];
foreach (file($argv[2], FILE_IGNORE_NEW_LINES) as $line) {
    [$a, $b] = explode("\t", $line, 2);
    if ($mode === 'raw') { $out[] = version_compare($a, $b); continue; }
    try {
        $na = $parser->normalize($a);
        $nb = $parser->normalize($b);
    } catch (UnexpectedValueException $e) {
        $out[] = 2;
        continue;
    }
    if (str_starts_with($na, 'dev-') || str_starts_with($nb, 'dev-')) { $out[] = 2; continue; }
    $out[] = Composer\Semver\Comparator::lessThan($na, $nb) ? -1 : (Composer\Semver\Comparator::greaterThan($na, $nb) ? 1 : 0);
}
echo implode("\n", $out), "\n";
