@echo off
rem 生成文书：把放输入工作簿的文件夹（或一个工作簿）拖到本文件的图标上。
rem 文书生成在该文件夹中的 outputs 文件夹里（拖入的是工作簿时，在它旁边的 outputs 中）。
rem tools/offline.py 把本文件存为 GBK 编码、CRLF 换行（中文 Windows 命令行读 GBK）。
setlocal
set "HERE=%~dp0"
set "XLGEN=%HERE%venv\Scripts\python.exe"
if not exist "%XLGEN%" goto :notinstalled
rem 运行环境还能用吗（安装时用的 Python 被卸载或升级后，venv 中的 python.exe 不能运行）
rem 只认 Python 自己给的退出码 42（启动器失败时的退出码可能是 0）
"%XLGEN%" -c "import sys, xlgen; sys.exit(42)" >nul 2>&1
if not errorlevel 42 goto :broken
if errorlevel 43 goto :broken
if "%~1"=="" goto :usage
if exist "%~1\*" (set "OUT=%~f1\outputs") else (set "OUT=%~dp1outputs")

echo 正在生成：%~f1
echo.
"%XLGEN%" -m xlgen build %* --out "%OUT%"
set "CODE=%ERRORLEVEL%"
echo.
rem 退出码：0 完成；1 工作簿有错误；2 拖入的不对；3 模板有错误；130 按了 Ctrl+C；其他：程序异常
if "%CODE%"=="0" goto :done
if "%CODE%"=="2" goto :nothing
if "%CODE%"=="130" goto :stopped
if "%CODE%"=="1" echo 有的工作簿有错误，没有生成它的文书：请按上面“错误”一行写的工作表、单元格和说明改正，保存后再拖一次。
if "%CODE%"=="3" echo 模板有错误，有的文书没有生成：这不是工作簿的问题，请把本窗口截图发给管模板的同事（模板维护人员）。
if not "%CODE%"=="1" if not "%CODE%"=="3" echo 程序意外中止，这不是工作簿的问题：请把本窗口截图发给维护人员（供维护人员查看：退出码 %CODE%）。
echo 已生成的文书在：%OUT%
echo.
pause
exit /b %CODE%

:stopped
echo 已中止（按了 Ctrl+C）。已经生成的文书完整保留，没有写了一半的文件；再拖一次，会接着生成还没有生成的。
echo 已生成的文书在：%OUT%
echo.
pause
exit /b 130

:nothing
echo 没有生成任何文书：拖入的不是放输入工作簿的文件夹或工作簿，或者找不到它。请按上面“错误：”后面的说明改正，再拖一次。
echo.
pause
exit /b 2

:done
echo 完成。文书在：%OUT%
echo.
pause
exit /b 0

:usage
echo 用法：把放输入工作簿的文件夹拖到“生成文书.bat”的图标上，松开鼠标即开始生成。
echo 空白的输入工作簿用命令生成："%HERE%venv\Scripts\xlgen.exe" init 某局.xlsx
echo.
pause
exit /b 2

:broken
echo xlgen 的运行环境不能使用了（可能是安装时用的 Python 被卸载或升级了）。
echo 请重新双击本文件夹中的“安装.bat”，然后再拖一次。
echo.
pause
exit /b 2

:notinstalled
echo 还没有安装：请先双击本文件夹中的“安装.bat”。
echo.
pause
exit /b 2
