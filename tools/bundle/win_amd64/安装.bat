@echo off
rem xlgen 离线安装：在本文件旁建立 venv 文件夹，从 wheels 文件夹安装 xlgen。
rem 不连网，不需要管理员权限。需要 64 位的 Python @PYTHONS@。
rem tools/offline.py 把本文件存为 GBK 编码、CRLF 换行（中文 Windows 命令行读 GBK）。
setlocal
set "HERE=%~dp0"
if not exist "%HERE%wheels\" goto :unzipped
set "PY="
set "WRONG="
rem 先用 py 找（新的版本在前：@PYTHON_VERSIONS@），最后用 PATH 中的 python。
for %%V in (@PYTHON_VERSIONS@) do if not defined PY call :try py -%%V
if not defined PY call :try python
if not defined PY goto :nopython

echo 使用 %PY% 建立 xlgen 的运行环境：%HERE%venv
%PY% -m venv --clear "%HERE%venv"
if errorlevel 1 goto :failed
"%HERE%venv\Scripts\python.exe" -m pip install --isolated --no-index --find-links "%HERE%wheels" --disable-pip-version-check --upgrade xlgen
if errorlevel 1 goto :failed
"%HERE%venv\Scripts\python.exe" -m xlgen --help >nul
if errorlevel 1 goto :failed
echo.
echo 安装完成。
echo 生成文书：把放输入工作簿的文件夹拖到“生成文书.bat”的图标上。
echo 在命令行中使用："%HERE%venv\Scripts\xlgen.exe" --help
echo.
pause
exit /b 0

:try
rem 这个 Python 可用吗：@PYTHONS@，64 位（wheels 中只有这些版本的 64 位程序包）。
rem 只认 Python 自己给的退出码：42 可用，43 版本不对或是 32 位的。找不到 Python 时 cmd 给
rem 9009；新的 Python 安装管理器（py）没有这个版本时只报错，退出码可能是 0，不能当作成功。
%* -c "import struct, sys; sys.exit(42 if sys.version_info[:2] in (@PYTHON_TUPLES@) and struct.calcsize('P') == 8 else 43)" >nul 2>&1
if errorlevel 42 if not errorlevel 43 set "PY=%*"
if errorlevel 43 if not errorlevel 44 if not defined WRONG set "WRONG=%*"
exit /b 0

:unzipped
echo 请先把压缩包全部解压（右键“全部解压缩”），再双击解压出的文件夹中的“安装.bat”。
echo.
pause
exit /b 1

:nopython
echo 没有找到 64 位的 Python @PYTHONS@。
if defined WRONG echo 这台电脑上的 Python 版本不对，或是 32 位的，不能使用：
if defined WRONG %WRONG% --version
echo 请先安装 Python：用 python.org 下载的 Windows installer (64-bit)，
echo 安装时点“Install Now”，一般不需要管理员权限；然后再双击本文件。
echo 单位内网没有时，请信息中心提供其中一个版本的 64 位安装程序。
echo.
pause
exit /b 1

:failed
echo.
echo 安装没有完成。请把本窗口中的内容截图发给维护人员。
echo.
pause
exit /b 1
