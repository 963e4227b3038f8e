# Text with no report, order or mask.
$MEMWASTE explain 'the machine felt slow'
