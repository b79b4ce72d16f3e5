# Build Placement Journal on Windows: the one-folder build, a portable zip and (with
# -Installer) the per-user setup.exe. Needs Python 3.11+ (python.org or the Microsoft Store);
# -Installer also needs Inno Setup 6 (https://jrsoftware.org/isdl.php, installs per user too).
#
#   powershell -ExecutionPolicy Bypass -File packaging\windows\build.ps1 [-Installer] [-Clean]
#
# Output in dist\: PlacementJournal\ (run PlacementJournal.exe), PlacementJournal-<version>-
# windows-x86_64-portable.zip, and PlacementJournal-<version>-setup.exe.
param([switch]$Installer, [switch]$Clean)
$ErrorActionPreference = "Stop"
Set-Location (Resolve-Path (Join-Path $PSScriptRoot "..\.."))

$python = ".\.venv\Scripts\python.exe"
if (-not (Test-Path $python)) {
    Write-Host "Creating .venv"
    py -3 -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "Could not create .venv: is Python 3.11+ installed?" }
}
& $python -m pip install --quiet --upgrade pip
& $python -m pip install --quiet -e ".[package]"
if ($LASTEXITCODE -ne 0) { throw "Could not install the build tools." }

$options = @("--portable-zip")
if ($Installer) { $options += "--installer" }
if ($Clean) { $options += "--clean" }
& $python packaging\build.py @options
if ($LASTEXITCODE -ne 0) { throw "The build failed; see the messages above." }
